"""Ids derived from business keys, so that doing a thing twice lands on the same record."""

from __future__ import annotations

from uuid import UUID, uuid5

_BILLING = UUID("7f0f5b8e-2c55-4a4e-9a51-3c1f4a0e6b21")


def contract_id_for(proposal_id: UUID) -> UUID:
    """The one contract an approved proposal yields."""
    return uuid5(_BILLING, f"contract:{proposal_id}")


def invoice_id_for(proposal_id: UUID) -> UUID:
    """The invoice drafted from an approved proposal (by the invoice process or an admin)."""
    return uuid5(_BILLING, f"invoice:{proposal_id}")


def series_id(series: str) -> UUID:
    """The number series named ``series`` (``INV-2026``, ``CN-2026``)."""
    return uuid5(_BILLING, f"series:{series}")


def payment_id(idempotency_key: str) -> UUID:
    """The id of a payment, the same every time its idempotency key comes back."""
    return uuid5(_BILLING, f"payment:{idempotency_key}")


def stripe_event_id(stripe_event: str) -> UUID:
    """The record of one Stripe event, the same however often Stripe delivers it."""
    return uuid5(_BILLING, f"stripe-event:{stripe_event}")


def over_plan_invoice_id(client_id: str, month: str) -> UUID:
    """The invoice of a client's support hours beyond the plan in ``month`` (``2026-03``): one per client and month."""
    return uuid5(_BILLING, f"over-plan:{client_id}:{month}")
