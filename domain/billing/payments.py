"""Money in and out of an invoice, each record made once per idempotency key.

A key names one happening: a Stripe event or payment intent, a bank line, the
form an admin submitted. Recording it again with the same details is a repeat
and changes nothing; the same key with other details is refused, never taken
as a second payment.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Any

from domain.billing.access import ADMIN, SYSTEM, require, require_admin
from domain.billing.calendar import today
from domain.billing.content import date_from
from domain.billing.errors import IdempotencyKeyReused, Overpayment
from domain.billing.inputs import Payment, Refund
from domain.billing.money import Money
from domain.billing.settlement import split_payment, split_refund
from domain.billing.statuses import OPEN_INVOICE as OPEN
from domain.billing.statuses import InvoiceStatus
from domain.context import CommandContext
from domain.errors import InvalidInput, InvalidTransition, RuleViolation

if TYPE_CHECKING:
    from domain.billing.invoice import Invoice

MANUAL = "manual"
FAILED_ATTEMPT = "failed payment attempt"
MAX_TEXT = 200


def payment_fingerprint(amount: Money) -> str:
    return f"payment of {amount}"


def refund_fingerprint(amount: Money, payment_key: str) -> str:
    return f"refund of {amount} from payment '{payment_key}'"


def key_of(key: object) -> str:
    """A usable idempotency key."""
    if not isinstance(key, str) or not key.strip() or len(key) > MAX_TEXT:
        raise InvalidInput("Recording money needs an idempotency key (such as the payment service's id).")
    return key.strip()


def is_repeat(invoice: Invoice, key: str, fingerprint: str) -> bool:
    """True when ``key`` already recorded exactly this; refused when it recorded something else."""
    known = invoice.fingerprints.get(key)
    if known is not None and known != fingerprint:
        raise IdempotencyKeyReused(
            f"The key '{key}' already recorded a {known}; it cannot also record a {fingerprint}."
        )
    return known is not None


def _text(value: object, what: str) -> str:
    if not isinstance(value, str) or len(value) > MAX_TEXT:
        raise InvalidInput(f"{what} must be text of at most {MAX_TEXT} characters.")
    return value.strip()


def _day(ctx: CommandContext, value: object, what: str) -> date:
    day = date_from(value, date.min, what)
    if day > today(ctx):
        raise InvalidInput(f"{what} cannot be in the future.")
    return day


def check_payer(ctx: CommandContext, provider: str) -> None:
    """An admin records any payment; Baton itself only what a payment service reported."""
    if provider == MANUAL:
        require_admin(ctx, "record a payment by hand")
    else:
        require(ctx, frozenset({ADMIN, SYSTEM}), "record a payment")


def payment_fields(invoice: Invoice, ctx: CommandContext, payment: Payment, amount: Money) -> dict[str, Any]:
    """The PaymentRecorded fields for a first record of ``payment``, after the invoice's rules."""
    if invoice.status in (InvoiceStatus.DRAFT, InvoiceStatus.DISCARDED):
        raise InvalidTransition(f"This invoice is {invoice.status}: only a sent invoice takes payments.")
    manual = payment.provider == MANUAL
    if manual and invoice.status not in OPEN:
        raise InvalidTransition(f"This invoice is {invoice.status}; it takes no further payment.")
    applied, unapplied = split_payment(invoice.balance, amount, manual=manual, is_open=invoice.status in OPEN)
    after = replace(invoice.balance, paid=invoice.balance.paid + applied)
    status = invoice.status if invoice.status is InvoiceStatus.VOID else after.status(invoice.overdue)
    return {
        "payment_key": key_of(payment.idempotency_key),
        "amount": amount,
        "applied": applied,
        "unapplied": unapplied,
        "received_on": _day(ctx, payment.received_on, "A payment's date"),
        "method": _text(payment.method, "A payment method") or "other",
        "provider": _text(payment.provider, "A payment provider"),
        "reference": _text(payment.reference, "A payment reference"),
        "status": status.value,
    }


def refund_fields(invoice: Invoice, ctx: CommandContext, refund: Refund, amount: Money) -> dict[str, Any]:
    """The RefundRecorded fields for a first record of ``refund``: at most what is left of its payment."""
    received = invoice.received.get(refund.payment_key)
    if received is None:
        raise RuleViolation(f"This invoice has no payment recorded with the key '{refund.payment_key}'.")
    left = Money(received - invoice.refunded.get(refund.payment_key, 0), invoice.currency)
    if amount > left:
        raise Overpayment(f"This refund of {amount} is more than the {left} left of that payment.")
    from_unapplied, from_paid = split_refund(invoice.balance, amount)
    balance = invoice.balance
    after = replace(balance, paid=balance.paid - from_paid, unapplied=balance.unapplied - from_unapplied)
    status = invoice.status if invoice.status is InvoiceStatus.VOID else after.status(invoice.overdue)
    return {
        "refund_key": key_of(refund.idempotency_key),
        "payment_key": refund.payment_key,
        "amount": amount,
        "from_unapplied": from_unapplied,
        "from_paid": from_paid,
        "refunded_on": _day(ctx, refund.refunded_on, "A refund's date"),
        "provider": _text(refund.provider, "A refund provider"),
        "reference": _text(refund.reference, "A refund reference"),
        "status": status.value,
    }


def credit_fields(invoice: Invoice, amount: Money, reason: str) -> dict[str, Any]:
    """The CreditNoteIssued fields (but its number): at most what the invoice still owes."""
    if invoice.status not in OPEN:
        raise InvalidTransition(f"A credit note reduces what a sent invoice still owes; this one is {invoice.status}.")
    owed = invoice.balance.owed
    if amount > owed:
        raise Overpayment(f"A credit note of {amount} is more than the {owed} still owed.")
    if not isinstance(reason, str) or not reason.strip():
        raise InvalidInput("A credit note needs a reason.")
    after = replace(invoice.balance, credited=invoice.balance.credited + amount)
    return {"amount": amount, "reason": reason.strip(), "status": after.status(invoice.overdue).value}
