"""Stripe's own event shapes for tests, signed the way Stripe signs them (with the library's helper)."""

from __future__ import annotations

import json
import time
from typing import Any
from uuid import uuid4

import stripe

TEST_WEBHOOK_SECRET = "whsec_test_baton_only"  # noqa: S105 - a test secret, never a real one


def event(
    event_type: str, obj: dict[str, Any], *, event_id: str | None = None, created: int | None = None
) -> dict[str, Any]:
    """A Stripe event envelope around ``obj``, as Stripe posts it to a webhook endpoint."""
    return {
        "id": event_id or f"evt_{uuid4().hex[:24]}",
        "object": "event",
        "api_version": "2025-06-30.basil",
        "created": created if created is not None else int(time.time()),
        "livemode": False,
        "pending_webhooks": 1,
        "request": {"id": None, "idempotency_key": None},
        "type": event_type,
        "data": {"object": obj},
    }


def payment_intent(
    invoice_id: str, amount: int, currency: str = "eur", *, intent_id: str = "", **extra: Any
) -> dict[str, Any]:
    """A PaymentIntent that took ``amount`` minor units for ``invoice_id`` (metadata as Baton's Checkout sets it)."""
    return {
        "id": intent_id or f"pi_{uuid4().hex[:24]}",
        "object": "payment_intent",
        "amount": amount,
        "amount_received": amount,
        "currency": currency,
        "status": "succeeded",
        "latest_charge": f"ch_{uuid4().hex[:24]}",
        "metadata": {"invoice_id": invoice_id},
        "last_payment_error": None,
        **extra,
    }


def checkout_session(invoice_id: str, amount: int, intent_id: str, currency: str = "eur") -> dict[str, Any]:
    """A completed, paid Checkout Session for ``invoice_id``."""
    return {
        "id": f"cs_test_{uuid4().hex[:24]}",
        "object": "checkout.session",
        "mode": "payment",
        "amount_total": amount,
        "currency": currency,
        "payment_status": "paid",
        "status": "complete",
        "payment_intent": intent_id,
        "client_reference_id": invoice_id,
        "metadata": {"invoice_id": invoice_id},
    }


def refunded_charge(
    invoice_id: str, intent_id: str, amount: int, refunded: int, currency: str = "eur"
) -> dict[str, Any]:
    """A charge of ``amount`` of which ``refunded`` minor units were refunded in all."""
    return {
        "id": f"ch_{intent_id.removeprefix('pi_')}",
        "object": "charge",
        "amount": amount,
        "amount_captured": amount,
        "amount_refunded": refunded,
        "currency": currency,
        "payment_intent": intent_id,
        "refunded": refunded == amount,
        "metadata": {"invoice_id": invoice_id},
    }


def body(data: dict[str, Any]) -> str:
    """The webhook body Stripe would send."""
    return json.dumps(data, indent=2)


def signature(payload: str, secret: str = TEST_WEBHOOK_SECRET, timestamp: int | None = None) -> str:
    """The ``Stripe-Signature`` header for ``payload``, computed by the Stripe library's own helper."""
    return str(stripe.WebhookSignature.generate_signature_header(payload, secret, timestamp))


def signed(
    data: dict[str, Any], secret: str = TEST_WEBHOOK_SECRET, timestamp: int | None = None
) -> tuple[str, dict[str, str]]:
    """The body and headers of a webhook delivery of ``data``."""
    payload = body(data)
    headers = {"Stripe-Signature": signature(payload, secret, timestamp), "Content-Type": "application/json"}
    return payload, headers
