"""The Invoice aggregate: a hidden draft, then numbered and sent, paid, credited, overdue or voided."""

from __future__ import annotations

from dataclasses import field
from datetime import date, timedelta
from decimal import Decimal
from uuid import UUID

from domain.aggregate import BatonAggregate
from domain.billing import invoice_events as events
from domain.billing import payments as pay
from domain.billing.access import ADMIN, SYSTEM, require, require_admin
from domain.billing.calendar import today
from domain.billing.content import invoice_content
from domain.billing.inputs import NewInvoice, Payment, Refund
from domain.billing.lines import Line
from domain.billing.money import Money
from domain.billing.numbering import NumberSeries
from domain.billing.reminders import should_mark_overdue, should_record_reminder
from domain.billing.settlement import Balance, positive
from domain.billing.statuses import OPEN_INVOICE as OPEN
from domain.billing.statuses import InvoiceStatus
from domain.context import CommandContext
from domain.errors import InvalidInput, InvalidTransition, RuleViolation

ADMIN_OR_SYSTEM = frozenset({ADMIN, SYSTEM})
_UNSENT = (InvoiceStatus.DRAFT, InvoiceStatus.DISCARDED)


class Invoice(BatonAggregate):
    """A bill to a client, from a draft only staff see to paid, credited or void."""

    TOPIC = "baton.invoice.Invoice"
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
    _status: str = InvoiceStatus.DRAFT.value
    number: str = ""
    sent_on: date | None = None
    due_date: date | None = None
    overdue: bool = False
    reminders_sent: int = 0
    _paid: Decimal = Decimal(0)
    _credited: Decimal = Decimal(0)
    _unapplied: Decimal = Decimal(0)
    # Every idempotency key recorded -> the version that recorded it, and what it recorded.
    recorded: dict[str, int] = field(default_factory=dict)
    fingerprints: dict[str, str] = field(default_factory=dict)
    # Per payment key: what it brought in, and how much of that went back.
    received: dict[str, Decimal] = field(default_factory=dict)
    refunded: dict[str, Decimal] = field(default_factory=dict)
    credit_notes: list[str] = field(default_factory=list)

    Event = events.InvoiceEvent
    Drafted = events.Drafted
    Created = events.Drafted
    Revised = events.Revised
    Discarded = events.Discarded
    Sent = events.Sent
    MarkedOverdue = events.MarkedOverdue
    ReminderRecorded = events.ReminderRecorded
    PaymentRecorded = events.PaymentRecorded
    PaymentFailed = events.PaymentFailed
    RefundRecorded = events.RefundRecorded
    CreditNoteIssued = events.CreditNoteIssued
    Voided = events.Voided

    @property
    def status(self) -> InvoiceStatus:
        return InvoiceStatus(self._status)

    @property
    def visible_to_client(self) -> bool:
        """A draft (or a discarded one) is for staff only."""
        return self.status not in _UNSENT

    @property
    def balance(self) -> Balance:
        paid, credited, unapplied = (Money(a, self.currency) for a in (self._paid, self._credited, self._unapplied))
        return Balance(self.total, paid, credited, unapplied)

    @classmethod
    def draft(cls, ctx: CommandContext, invoice_id: UUID, new: NewInvoice) -> Invoice:
        """Draft an invoice for a client; only staff see it until it is sent."""
        require(ctx, ADMIN_OR_SYSTEM, "draft an invoice")
        if not isinstance(new.client_id, str) or not new.client_id.strip():
            raise InvalidInput("An invoice is addressed to a client: give its client_id.")
        content = invoice_content(new.title, new.notes, new.payment_terms_days, new.lines, new.currency)
        invoice: Invoice = cls._start(
            cls.Drafted, ctx, invoice_id, client_id=new.client_id.strip(), proposal_id=new.proposal_id,
            currency=new.currency, **content,
        )  # fmt: skip
        return invoice

    def revise(  # noqa: PLR0913
        self, ctx: CommandContext, *, title: str | None = None, notes: str | None = None,
        payment_terms_days: int | None = None, lines: tuple[Line, ...] | None = None,
    ) -> None:  # fmt: skip
        """Change the draft; the lines freeze once it is sent."""
        require_admin(ctx, "revise an invoice")
        if self.status is not InvoiceStatus.DRAFT:
            raise InvalidTransition(f"Only a draft can be revised; this invoice is {self.status}.")
        content = invoice_content(
            self.title if title is None else title,
            self.notes if notes is None else notes,
            self.payment_terms_days if payment_terms_days is None else payment_terms_days,
            tuple(self.lines) if lines is None else lines,
            self.currency,
        )
        self._record(self.Revised, ctx, **content)

    def discard(self, ctx: CommandContext, reason: str) -> None:
        """Throw the draft away; it never had a number."""
        require_admin(ctx, "discard an invoice")
        if self.status is not InvoiceStatus.DRAFT:
            raise InvalidTransition(f"Only a draft can be discarded; this invoice is {self.status} (void it instead).")
        self._record(self.Discarded, ctx, reason=reason.strip())

    def send(self, ctx: CommandContext, series: NumberSeries) -> None:
        """Take the next number of ``series``, freeze the lines and show the invoice to the client."""
        require_admin(ctx, "send an invoice")
        if self.status is not InvoiceStatus.DRAFT:
            raise InvalidTransition(f"Only a draft can be sent; this invoice is {self.status}.")
        if not self.lines or not self.total.is_positive:
            raise RuleViolation("An invoice needs at least one line and a total above zero before it is sent.")
        sent_on = today(ctx)
        due_date = sent_on + timedelta(days=self.payment_terms_days)
        self._record(self.Sent, ctx, number=series.take(ctx, self.id), sent_on=sent_on, due_date=due_date)

    def mark_overdue(self, ctx: CommandContext) -> bool:
        """Mark the invoice overdue once its due date has passed; False when there was nothing to do."""
        require(ctx, ADMIN_OR_SYSTEM, "mark an invoice overdue")
        if should_mark_overdue(self, ctx):
            self._record(self.MarkedOverdue, ctx)
            return True
        return False

    def record_reminder(self, ctx: CommandContext, reminder: int) -> bool:
        """Record that reminder number ``reminder`` went out; False when it already was."""
        require(ctx, ADMIN_OR_SYSTEM, "record a payment reminder")
        if should_record_reminder(self, reminder):
            self._record(self.ReminderRecorded, ctx, reminder=reminder)
            return True
        return False

    def void(self, ctx: CommandContext, reason: str) -> None:
        """Cancel a sent invoice that nothing was paid or credited on; its number stays used."""
        require_admin(ctx, "void an invoice")
        if self.status not in OPEN:
            raise InvalidTransition(f"Only a sent, unpaid invoice can be voided; this one is {self.status}.")
        if self.received or self.credit_notes:
            msg = "Money was received or credited on this invoice: issue a credit note for what is still owed instead."
            raise RuleViolation(msg)
        if not reason.strip():
            raise InvalidInput("Voiding an invoice needs a reason.")
        self._record(self.Voided, ctx, reason=reason.strip())

    def record_payment(self, ctx: CommandContext, payment: Payment) -> bool:
        """Record money received, once per idempotency key; False when the key was already recorded."""
        pay.check_payer(ctx, payment.provider)
        amount = positive(payment.amount, self.currency, "A payment")
        if pay.is_repeat(self, pay.key_of(payment.idempotency_key), pay.payment_fingerprint(amount)):
            return False
        self._record(self.PaymentRecorded, ctx, **pay.payment_fields(self, ctx, payment, amount))
        return True

    def record_refund(self, ctx: CommandContext, refund: Refund) -> bool:
        """Record money returned from a payment, once per idempotency key; False when already recorded."""
        require(ctx, ADMIN_OR_SYSTEM, "record a refund")
        amount = positive(refund.amount, self.currency, "A refund")
        if pay.is_repeat(self, pay.key_of(refund.idempotency_key), pay.refund_fingerprint(amount, refund.payment_key)):
            return False
        self._record(self.RefundRecorded, ctx, **pay.refund_fields(self, ctx, refund, amount))
        return True

    def record_failed_payment(self, ctx: CommandContext, attempt_key: str, provider: str, reason: str) -> bool:
        """Record a failed attempt to pay (nothing received), once per key; False when already recorded."""
        require(ctx, ADMIN_OR_SYSTEM, "record a failed payment")
        key = pay.key_of(attempt_key)
        if pay.is_repeat(self, key, pay.FAILED_ATTEMPT):
            return False
        self._record(self.PaymentFailed, ctx, attempt_key=key, provider=provider, reference=key, reason=reason)
        return True

    def issue_credit_note(self, ctx: CommandContext, amount: Money, reason: str, series: NumberSeries) -> str:
        """Reduce what the client owes by ``amount``, under the next credit-note number; return that number."""
        require_admin(ctx, "issue a credit note")
        fields = pay.credit_fields(self, positive(amount, self.currency, "A credit note"), reason)
        number = series.take(ctx, self.id)
        self._record(self.CreditNoteIssued, ctx, number=number, **fields)
        return number
