"""Commands on invoices: drafts, sending under a gapless number, overdue and reminders, money in and out."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from uuid import UUID, uuid4

from domain.aggregate import BatonAggregate
from domain.application import CommandResult
from domain.billing.calendar import today
from domain.billing.changes import RETRIES, BillingCommands, uuid_of
from domain.billing.ids import invoice_id_for, payment_id, series_id
from domain.billing.inputs import NewInvoice, Payment, Refund
from domain.billing.invoice import Invoice
from domain.billing.lines import Line
from domain.billing.money import Money
from domain.billing.numbering import CREDIT_NOTES, INVOICES, NumberSeries, series_for
from domain.billing.proposal import Proposal
from domain.billing.statuses import ProposalStatus
from domain.context import CommandContext
from domain.errors import InvalidInput, RuleViolation

__all__ = ["InvoiceCommands", "NewInvoice", "Payment", "PaymentReceipt", "Refund"]


@dataclass(frozen=True)
class PaymentReceipt:
    """What recording money answers; every repeat of one idempotency key gets the same receipt."""

    invoice_id: UUID
    payment_id: UUID  # derived from the idempotency key
    version: int  # the invoice version that recorded it
    position: int  # where this call's write landed in the log; 0 for a repeat, which wrote nothing
    repeat: bool
    status: str  # the invoice's status now


class InvoiceCommands(BillingCommands):
    """The write side of invoices."""

    def draft(self, ctx: CommandContext, invoice: NewInvoice, *, invoice_id: UUID | None = None) -> CommandResult:
        """Draft an invoice by hand (it may name the approved proposal it bills part of)."""
        if invoice.proposal_id:
            proposal = self._approved(invoice.proposal_id)
            if proposal.client_id and proposal.client_id != invoice.client_id:
                raise InvalidInput("The invoice's client must be the client of the proposal it names.")
        return self.create(Invoice.draft(ctx, invoice_id or uuid4(), invoice))

    def draft_from_proposal(
        self, ctx: CommandContext, proposal_id: UUID, *, client_id: str = "", payment_terms_days: int = 14
    ) -> CommandResult:
        """Draft the invoice of an approved proposal, once: a repeat answers the invoice already drafted."""
        existing = self.find(Invoice, invoice_id_for(proposal_id))
        if existing is not None:
            return CommandResult(id=existing.id, version=existing.version, position=0)
        proposal = self._approved(str(proposal_id))
        if proposal.client_id and client_id and client_id != proposal.client_id:
            raise InvalidInput("The invoice's client must be the proposal's client.")
        new = NewInvoice(
            client_id=proposal.client_id or client_id,
            currency=proposal.currency,
            lines=tuple(proposal.lines),
            payment_terms_days=payment_terms_days,
            title=proposal.title,
            proposal_id=str(proposal.id),
        )
        return self.create(Invoice.draft(ctx, invoice_id_for(proposal.id), new))

    def revise(  # noqa: PLR0913
        self, ctx: CommandContext, invoice_id: UUID, *, title: str | None = None, notes: str | None = None,
        payment_terms_days: int | None = None, lines: tuple[Line, ...] | None = None,
        expected_version: int | None = None,
    ) -> CommandResult:  # fmt: skip
        """Change a draft."""

        def revise(invoice: Invoice) -> None:
            invoice.revise(ctx, title=title, notes=notes, payment_terms_days=payment_terms_days, lines=lines)

        return self.change(Invoice, invoice_id, revise, expected_version=expected_version)

    def discard(
        self, ctx: CommandContext, invoice_id: UUID, reason: str = "", *, expected_version: int | None = None
    ) -> CommandResult:
        """Throw a draft away."""
        return self.change(Invoice, invoice_id, lambda i: i.discard(ctx, reason), expected_version=expected_version)

    def send(self, ctx: CommandContext, invoice_id: UUID, *, expected_version: int | None = None) -> CommandResult:
        """Send a draft under the next number of this year's series, saved with the series in one commit."""

        def send(invoice: Invoice) -> tuple[BatonAggregate, ...]:
            series = self._series(ctx, INVOICES)
            invoice.send(ctx, series)
            return (series,)

        return self.change_alongside(Invoice, invoice_id, send, expected_version=expected_version)

    def void(
        self, ctx: CommandContext, invoice_id: UUID, reason: str, *, expected_version: int | None = None
    ) -> CommandResult:
        """Void a sent invoice nothing was paid or credited on."""
        return self.change(Invoice, invoice_id, lambda i: i.void(ctx, reason), expected_version=expected_version)

    def mark_overdue(self, ctx: CommandContext, invoice_id: UUID) -> CommandResult:
        """Mark an invoice overdue (the timer's command: a repeat changes nothing)."""
        return self.change(Invoice, invoice_id, lambda i: i.mark_overdue(ctx), retries=RETRIES)

    def record_reminder(self, ctx: CommandContext, invoice_id: UUID, reminder: int) -> CommandResult:
        """Record that reminder number ``reminder`` went out (a repeat changes nothing)."""
        return self.change(Invoice, invoice_id, lambda i: i.record_reminder(ctx, reminder), retries=RETRIES)

    def issue_credit_note(
        self, ctx: CommandContext, invoice_id: UUID, amount: Money, reason: str, *, expected_version: int | None = None
    ) -> CommandResult:
        """Credit part of what a sent invoice owes, under the next number of this year's credit-note series."""

        def credit(invoice: Invoice) -> tuple[BatonAggregate, ...]:
            series = self._series(ctx, CREDIT_NOTES)
            invoice.issue_credit_note(ctx, amount, reason, series)
            return (series,)

        return self.change_alongside(Invoice, invoice_id, credit, expected_version=expected_version)

    def record_payment(self, ctx: CommandContext, invoice_id: UUID, payment: Payment) -> PaymentReceipt:
        """Record money received, exactly once per idempotency key."""
        return self._record_once(ctx, invoice_id, payment.idempotency_key, lambda i: i.record_payment(ctx, payment))

    def record_refund(self, ctx: CommandContext, invoice_id: UUID, refund: Refund) -> PaymentReceipt:
        """Record money returned to the client, exactly once per idempotency key."""
        return self._record_once(ctx, invoice_id, refund.idempotency_key, lambda i: i.record_refund(ctx, refund))

    def record_failed_payment(
        self, ctx: CommandContext, invoice_id: UUID, attempt_key: str, *, provider: str, reason: str
    ) -> PaymentReceipt:
        """Record a failed attempt to pay, once per key."""

        def failed(invoice: Invoice) -> bool:
            return invoice.record_failed_payment(ctx, attempt_key, provider, reason)

        return self._record_once(ctx, invoice_id, attempt_key, failed)

    def _record_once(
        self, ctx: CommandContext, invoice_id: UUID, key: str, record: Callable[[Invoice], bool]
    ) -> PaymentReceipt:
        outcome: dict[str, object] = {}

        def act(invoice: Invoice) -> None:
            outcome["new"], outcome["invoice"] = record(invoice), invoice

        result = self.change(Invoice, invoice_id, act, retries=RETRIES)
        invoice = outcome["invoice"]
        assert isinstance(invoice, Invoice)
        new = outcome["new"] is True
        key = key.strip()
        return PaymentReceipt(
            invoice_id=invoice.id,
            payment_id=payment_id(key),
            version=invoice.recorded[key],
            position=result.position if new else 0,
            repeat=not new,
            status=invoice.status.value,
        )

    def _series(self, ctx: CommandContext, prefix: str) -> NumberSeries:
        name = series_for(prefix, today(ctx))
        return self.find(NumberSeries, series_id(name)) or NumberSeries.start(ctx, name)

    def _approved(self, proposal_id: str) -> Proposal:
        proposal = self.load(Proposal, uuid_of(proposal_id, "proposal"))
        if proposal.status is not ProposalStatus.APPROVED:
            raise RuleViolation(f"An invoice bills an approved proposal; this proposal is {proposal.status}.")
        return proposal
