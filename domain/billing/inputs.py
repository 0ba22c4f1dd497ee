"""What billing's creating commands take: one frozen input type each, fields listed once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from domain.billing.lines import Line
from domain.billing.money import Money


@dataclass(frozen=True)
class NewProposal:
    """What drafting a proposal takes; it is for a client or for a lead, never both."""

    title: str
    currency: str
    valid_until: date
    lines: tuple[Line, ...] = ()
    client_id: str = ""
    lead_id: str = ""


@dataclass(frozen=True)
class NewContract:
    """What offering a contract takes: the approved proposal it comes from and its terms."""

    proposal_id: str
    contract_type: str
    start: date
    support_hours_per_month: Decimal = Decimal(0)
    period_months: int | None = None
    special_agreements: str = ""
    client_id: str = ""


@dataclass(frozen=True)
class NewInvoice:
    """What drafting an invoice by hand takes."""

    client_id: str
    currency: str
    lines: tuple[Line, ...] = ()
    payment_terms_days: int = 14
    title: str = "Invoice"
    notes: str = ""
    proposal_id: str = ""


@dataclass(frozen=True)
class Payment:
    """Money received against an invoice, recorded once per ``idempotency_key``.

    ``provider`` is ``manual`` for what an admin records, or the payment service
    (``stripe``); ``reference`` is the bank reference or the provider's id.
    """

    amount: Money
    received_on: date
    idempotency_key: str
    method: str = "bank_transfer"
    provider: str = "manual"
    reference: str = ""


@dataclass(frozen=True)
class Refund:
    """Money returned to the client from an earlier payment, recorded once per ``idempotency_key``."""

    payment_key: str
    amount: Money
    refunded_on: date
    idempotency_key: str
    provider: str = "manual"
    reference: str = ""
