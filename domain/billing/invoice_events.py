"""The invoice's events, each with its explicit topic; ``Invoice`` names them as its own.

They live beside the aggregate rather than inside it only to keep each file
short: ``Invoice.PaymentRecorded`` is this class, and event bodies only assign.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from domain.aggregate import BatonAggregate
from domain.billing.lines import Line
from domain.billing.money import Money
from domain.billing.payments import FAILED_ATTEMPT, payment_fingerprint, refund_fingerprint
from domain.billing.statuses import InvoiceStatus

if TYPE_CHECKING:
    from domain.billing.invoice import Invoice


class InvoiceEvent(BatonAggregate.Event):
    """Base of the invoice's events."""


class Drafted(InvoiceEvent, BatonAggregate.Created):
    """Staff drafted an invoice (by hand or from an approved proposal); the client cannot see it yet."""

    TOPIC = "baton.invoice.Drafted"
    client_id: str
    proposal_id: str
    currency: str
    title: str
    notes: str
    payment_terms_days: int
    lines: list[Line]
    subtotal: Money
    taxes: dict[str, Money]
    total: Money


class Revised(InvoiceEvent):
    """The draft's title, notes, payment terms or lines changed; the totals are those of the new lines."""

    TOPIC = "baton.invoice.Revised"
    title: str
    notes: str
    payment_terms_days: int
    lines: list[Line]
    subtotal: Money
    taxes: dict[str, Money]
    total: Money

    def apply(self, aggregate: Invoice) -> None:
        aggregate.title, aggregate.notes, aggregate.lines = self.title, self.notes, self.lines
        aggregate.payment_terms_days = self.payment_terms_days
        aggregate.subtotal, aggregate.taxes, aggregate.total = self.subtotal, self.taxes, self.total


class Discarded(InvoiceEvent):
    """The draft was thrown away; it never had a number, so it leaves no gap."""

    TOPIC = "baton.invoice.Discarded"
    reason: str

    def apply(self, aggregate: Invoice) -> None:
        aggregate._status = InvoiceStatus.DISCARDED.value


class Sent(InvoiceEvent):
    """The invoice took the next number of its series, its lines froze, and the client can see it."""

    TOPIC = "baton.invoice.Sent"
    number: str
    sent_on: date
    due_date: date

    def apply(self, aggregate: Invoice) -> None:
        aggregate._status, aggregate.number = InvoiceStatus.SENT.value, self.number
        aggregate.sent_on, aggregate.due_date = self.sent_on, self.due_date


class MarkedOverdue(InvoiceEvent):
    """The due date passed with money still owed."""

    TOPIC = "baton.invoice.MarkedOverdue"

    def apply(self, aggregate: Invoice) -> None:
        aggregate._status, aggregate.overdue = InvoiceStatus.OVERDUE.value, True


class ReminderRecorded(InvoiceEvent):
    """Payment reminder number ``reminder`` went out for this overdue invoice."""

    TOPIC = "baton.invoice.ReminderRecorded"
    reminder: int

    def apply(self, aggregate: Invoice) -> None:
        aggregate.reminders_sent = self.reminder


class PaymentRecorded(InvoiceEvent):
    """Money was received: ``applied`` settles the invoice, ``unapplied`` is beyond what it owed."""

    TOPIC = "baton.invoice.PaymentRecorded"
    payment_key: str
    amount: Money
    applied: Money
    unapplied: Money
    received_on: date
    method: str
    provider: str
    reference: str
    status: str

    def apply(self, aggregate: Invoice) -> None:
        aggregate._paid += self.applied.amount
        aggregate._unapplied += self.unapplied.amount
        aggregate.recorded[self.payment_key] = self.originator_version
        aggregate.fingerprints[self.payment_key] = payment_fingerprint(self.amount)
        aggregate.received[self.payment_key] = self.amount.amount
        aggregate._status = self.status


class PaymentFailed(InvoiceEvent):
    """An attempt to pay through a payment service failed; nothing was received."""

    TOPIC = "baton.invoice.PaymentFailed"
    attempt_key: str
    provider: str
    reference: str
    reason: str

    def apply(self, aggregate: Invoice) -> None:
        aggregate.recorded[self.attempt_key] = self.originator_version
        aggregate.fingerprints[self.attempt_key] = FAILED_ATTEMPT


class RefundRecorded(InvoiceEvent):
    """Money from a payment went back to the client, unapplied money first."""

    TOPIC = "baton.invoice.RefundRecorded"
    refund_key: str
    payment_key: str
    amount: Money
    from_unapplied: Money
    from_paid: Money
    refunded_on: date
    provider: str
    reference: str
    status: str

    def apply(self, aggregate: Invoice) -> None:
        aggregate._unapplied -= self.from_unapplied.amount
        aggregate._paid -= self.from_paid.amount
        aggregate.recorded[self.refund_key] = self.originator_version
        aggregate.fingerprints[self.refund_key] = refund_fingerprint(self.amount, self.payment_key)
        aggregate.refunded[self.payment_key] = aggregate.refunded.get(self.payment_key, 0) + self.amount.amount
        aggregate._status = self.status


class CreditNoteIssued(InvoiceEvent):
    """A credit note, numbered in its own series, reduced what the client owes."""

    TOPIC = "baton.invoice.CreditNoteIssued"
    number: str
    amount: Money
    reason: str
    status: str

    def apply(self, aggregate: Invoice) -> None:
        aggregate._credited += self.amount.amount
        aggregate.credit_notes.append(self.number)
        aggregate._status = self.status


class Voided(InvoiceEvent):
    """The sent invoice was cancelled before any payment; its number stays used."""

    TOPIC = "baton.invoice.Voided"
    reason: str

    def apply(self, aggregate: Invoice) -> None:
        aggregate._status = InvoiceStatus.VOID.value
