"""The invoice lifecycle: a sent invoice is emailed to the client, becomes overdue the day after its due date,
and is reminded of every N days until it is paid, credited or voided.

Deadlines (processes/timers) carry the time: ``invoice.overdue`` at the start of
the day after the due date, ``invoice.reminder`` for the next reminder. Every
due time derives from the invoice's due date and the event's own data, so
re-processing an event schedules nothing new; each handler re-reads the invoice
and does nothing when there is nothing left to do.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import date, datetime
from typing import ClassVar
from uuid import UUID

from domain.billing import invoice_events as ie
from domain.billing.calendar import today
from domain.billing.invoice import Invoice
from domain.billing.invoice_commands import InvoiceCommands
from domain.billing.reminders import next_reminder_at, overdue_at
from domain.billing.statuses import OPEN_INVOICE, InvoiceStatus
from domain.clock import Clock
from domain.context import CommandContext
from domain.outbox.commands import EmailCommands
from processes.billing.emails import INVOICE_REMINDER, INVOICE_SENT
from processes.billing.mail import BillingMail, context_for
from processes.billing.people import BillingPeople
from processes.billing.policy import BillingPolicy
from processes.kit import ProcessKit
from processes.manager import ProcessManager, reacts_to
from processes.timers import Deadline, Deadlines, Handler

log = logging.getLogger(__name__)
OWNER = "invoice_lifecycle"
OVERDUE = "invoice.overdue"
REMINDER = "invoice.reminder"
ACTOR = "invoice-lifecycle"


class InvoiceLifecycle(ProcessManager):
    """Emails sent invoices, keeps their overdue and reminder deadlines, emails each reminder recorded."""

    name: ClassVar[str] = "invoice_lifecycle"

    def __init__(
        self, people: BillingPeople, mail: BillingMail, invoices: InvoiceCommands, deadlines: Deadlines,
        clock: Clock, policy: BillingPolicy,
    ) -> None:  # fmt: skip
        super().__init__()
        self.people, self.mail, self.invoices = people, mail, invoices
        self.deadlines, self.clock, self.policy = deadlines, clock, policy

    @classmethod
    def build(cls, kit: ProcessKit) -> InvoiceLifecycle:
        mail = BillingMail(kit.commands(EmailCommands), kit.enqueue_email)
        return cls(
            kit.commands(BillingPeople), mail, kit.commands(InvoiceCommands), kit.deadlines, kit.clock,
            BillingPolicy.of(kit.settings),
        )  # fmt: skip

    def timers(self) -> Mapping[str, Handler]:
        return {OVERDUE: self.mark_overdue, REMINDER: self.remind}

    # -- reactions ---------------------------------------------------------------

    @reacts_to(ie.Sent)
    def sent(self, event: ie.Sent) -> None:
        invoice = self.people.load(Invoice, event.originator_id)
        to = self.people.document_addresses(invoice.client_id, billing_first=True)
        if not to:
            log.warning("invoice %s was sent, but its client has no email address to send it to", invoice.id)
        data = {"invoice_id": str(invoice.id)}
        self.mail.send(context_for(event, self.clock, ACTOR), event, to, INVOICE_SENT, data)
        self._schedule(OVERDUE, invoice.id, overdue_at(event.due_date))

    @reacts_to(ie.MarkedOverdue)
    def overdue(self, event: ie.MarkedOverdue) -> None:
        self._schedule_reminder(event.originator_id, sent=0)

    @reacts_to(ie.ReminderRecorded)
    def reminded(self, event: ie.ReminderRecorded) -> None:
        data = {"invoice_id": str(event.originator_id), "reminder": str(event.reminder)}
        invoice = self.people.load(Invoice, event.originator_id)
        to = self.people.document_addresses(invoice.client_id, billing_first=True)
        self.mail.send(context_for(event, self.clock, ACTOR), event, to, INVOICE_REMINDER, data)
        self._schedule_reminder(event.originator_id, sent=event.reminder)

    @reacts_to(ie.PaymentRecorded, ie.RefundRecorded, ie.CreditNoteIssued, ie.Voided)
    def balance_moved(self, event: ie.InvoiceEvent) -> None:
        status = InvoiceStatus(getattr(event, "status", InvoiceStatus.VOID.value))
        subject = str(event.originator_id)
        if status not in OPEN_INVOICE:
            self.deadlines.cancel(owner=OWNER, purpose=REMINDER, subject=subject)
            return
        if isinstance(event, ie.RefundRecorded):
            # Money went back: an invoice open again is watched again, from the refund on.
            invoice = self.people.load(Invoice, event.originator_id)
            if invoice.due_date is not None:
                if status is InvoiceStatus.OVERDUE:
                    self._schedule_reminder(invoice.id, sent=invoice.reminders_sent, earliest=event.timestamp)
                else:
                    self._schedule(OVERDUE, invoice.id, max(overdue_at(invoice.due_date), event.timestamp))

    # -- deadlines ---------------------------------------------------------------

    def mark_overdue(self, deadline: Deadline, ctx: CommandContext) -> None:
        """The overdue deadline: mark the invoice overdue if it is still owed past its due date."""
        invoice = self.invoices.load(Invoice, UUID(deadline.subject))
        if (
            invoice.status in OPEN_INVOICE
            and not invoice.overdue
            and invoice.due_date
            and today(ctx) > invoice.due_date
        ):
            self.invoices.mark_overdue(ctx, invoice.id)

    def remind(self, deadline: Deadline, ctx: CommandContext) -> None:
        """The reminder deadline: record the next reminder when it is due (its email follows from the event)."""
        invoice = self.invoices.load(Invoice, UUID(deadline.subject))
        if invoice.status is not InvoiceStatus.OVERDUE:
            return
        due = self._next_reminder(invoice.due_date, invoice.reminders_sent)
        if due is None:
            return
        if due > ctx.now:  # moved since it was booked: wait for the new time
            self._schedule(REMINDER, invoice.id, due)
            return
        self.invoices.record_reminder(ctx, invoice.id, invoice.reminders_sent + 1)

    # -- helpers -----------------------------------------------------------------

    def _next_reminder(self, due_date: object, sent: int) -> datetime | None:
        if not isinstance(due_date, date):
            return None
        every = max(1, self.policy.reminder_every.days)
        return next_reminder_at(InvoiceStatus.OVERDUE, due_date, sent, every)

    def _schedule_reminder(self, invoice_id: UUID, *, sent: int, earliest: datetime | None = None) -> None:
        invoice = self.people.load(Invoice, invoice_id)
        due = self._next_reminder(invoice.due_date, sent)
        if due is not None:
            self._schedule(REMINDER, invoice_id, max(due, earliest) if earliest else due)

    def _schedule(self, purpose: str, invoice_id: UUID, due: datetime) -> None:
        self.deadlines.schedule(owner=OWNER, purpose=purpose, subject=str(invoice_id), due_at=due)
