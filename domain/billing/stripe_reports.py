"""What a Stripe event reports, read from Stripe's own event shapes: pure parsing, no I/O, no Stripe library.

Only the fields Baton acts on are read. Amounts arrive as integers in the
currency's minor units and become Money exactly. The payment's idempotency key
is the PaymentIntent's id (``stripe:pi_...``), so a Checkout Session completing
and its PaymentIntent succeeding report one payment, recorded once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from domain.billing.currencies import minor_units
from domain.billing.money import Money
from domain.errors import InvalidInput

CHECKOUT_COMPLETED = "checkout.session.completed"
PAYMENT_SUCCEEDED = "payment_intent.succeeded"
PAYMENT_FAILED = "payment_intent.payment_failed"
CHARGE_REFUNDED = "charge.refunded"
HANDLED = frozenset({CHECKOUT_COMPLETED, PAYMENT_SUCCEEDED, PAYMENT_FAILED, CHARGE_REFUNDED})
KEY_PREFIX = "stripe:"
MAX_ID = 255
_LATEST = datetime(9999, 1, 1, tzinfo=UTC).timestamp()


@dataclass(frozen=True)
class Envelope:
    """A Stripe event's envelope: its id, type, creation time and the object it is about."""

    stripe_id: str
    event_type: str
    created: datetime
    obj: dict[str, Any]


@dataclass(frozen=True)
class PaymentReport:
    """Money Stripe took for an invoice (``invoice_ref``: what the metadata named)."""

    invoice_ref: str
    key: str
    amount: Money
    reference: str


@dataclass(frozen=True)
class FailureReport:
    """An attempt to pay that failed; ``payment_key`` names the payment it was an attempt at."""

    invoice_ref: str
    key: str
    payment_key: str
    reason: str


@dataclass(frozen=True)
class RefundReport:
    """A charge refunded, in all so far (``refunded``), from the payment ``payment_key`` of ``charged``."""

    invoice_ref: str
    payment_key: str
    charge_id: str
    charged: Money
    refunded: Money


Report = PaymentReport | FailureReport | RefundReport


def _text(value: object, what: str, *, required: bool = True) -> str:
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value.strip()) or len(value) > MAX_ID or "\x00" in value:
        raise InvalidInput(f"The Stripe event's {what} is missing or not a short text.")
    return value.strip()


def _integer(value: object, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InvalidInput(f"The Stripe event's {what} is missing or not a whole number.")
    return value


def _money(minor: object, currency: object, what: str) -> Money:
    code = _text(currency, f"{what} currency").upper()
    amount = _integer(minor, what)
    places = minor_units(code)
    if places is None:
        raise InvalidInput(f"The Stripe event's currency '{code}' is not one Baton accepts.")
    return Money.of(Decimal(amount).scaleb(-places), code)


def _id_of(value: object, what: str, *, required: bool = True) -> str:
    """An id given as a string, or as an expanded object carrying it."""
    if isinstance(value, dict):
        value = value.get("id")
    return _text(value, what, required=required)


def _metadata(obj: dict[str, Any]) -> dict[str, Any]:
    metadata = obj.get("metadata")
    return metadata if isinstance(metadata, dict) else {}


def envelope(data: object) -> Envelope:
    """The envelope of a Stripe event body already parsed from JSON; InvalidInput when it is not one."""
    if not isinstance(data, dict) or data.get("object") != "event":
        raise InvalidInput("The body is not a Stripe event (an object whose 'object' is 'event').")
    created = data.get("created")
    if isinstance(created, bool) or not isinstance(created, int) or not 0 <= created < _LATEST:
        raise InvalidInput("The Stripe event's 'created' is not a Unix time.")
    inner = data.get("data")
    obj = inner.get("object") if isinstance(inner, dict) else None
    if not isinstance(obj, dict):
        raise InvalidInput("The Stripe event has no 'data.object'.")
    return Envelope(
        stripe_id=_text(data.get("id"), "id"),
        event_type=_text(data.get("type"), "type"),
        created=datetime.fromtimestamp(created, UTC),
        obj=obj,
    )


def report_of(event: Envelope) -> Report | None:
    """What ``event`` reports for an invoice, or None when it reports nothing Baton records."""
    obj = event.obj
    if event.event_type == CHECKOUT_COMPLETED:
        if obj.get("payment_status") != "paid":
            return None  # paid later (bank debits): its PaymentIntent's success reports it
        intent = _id_of(obj.get("payment_intent"), "payment intent", required=False) or _id_of(obj.get("id"), "id")
        ref = _text(_metadata(obj).get("invoice_id"), "invoice id", required=False)
        ref = ref or _text(obj.get("client_reference_id"), "client reference", required=False)
        amount = _money(obj.get("amount_total"), obj.get("currency"), "amount")
        return PaymentReport(ref, KEY_PREFIX + intent, amount, intent)
    if event.event_type == PAYMENT_SUCCEEDED:
        intent = _id_of(obj.get("id"), "payment intent id")
        received = obj.get("amount_received", obj.get("amount"))
        amount = _money(received, obj.get("currency"), "amount received")
        return PaymentReport(_invoice_ref(obj), KEY_PREFIX + intent, amount, intent)
    if event.event_type == PAYMENT_FAILED:
        intent = _id_of(obj.get("id"), "payment intent id")
        error = obj.get("last_payment_error")
        reason = error.get("message") or error.get("code") if isinstance(error, dict) else None
        reason = reason if isinstance(reason, str) and reason.strip() else "the payment failed"
        key = f"{KEY_PREFIX}{intent}:failed:{event.stripe_id}"
        return FailureReport(_invoice_ref(obj), key, KEY_PREFIX + intent, reason.strip()[:MAX_ID])
    if event.event_type == CHARGE_REFUNDED:
        charge = _id_of(obj.get("id"), "charge id")
        intent = _id_of(obj.get("payment_intent"), "payment intent", required=False) or charge
        charged = _money(obj.get("amount_captured", obj.get("amount")), obj.get("currency"), "amount charged")
        refunded = _money(obj.get("amount_refunded"), obj.get("currency"), "amount refunded")
        if refunded > charged:
            raise InvalidInput("The Stripe charge reports more refunded than it charged.")
        return RefundReport(_invoice_ref(obj), KEY_PREFIX + intent, charge, charged, refunded)
    return None


def _invoice_ref(obj: dict[str, Any]) -> str:
    return _text(_metadata(obj).get("invoice_id"), "invoice id", required=False)


def report_of_body(data: object) -> tuple[Envelope, Report | None]:
    """The envelope and report of a parsed event body (InvalidInput when either cannot be read)."""
    event = envelope(data)
    return event, report_of(event)
