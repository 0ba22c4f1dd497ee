"""When an invoice becomes overdue and when its next reminder is due: rules the overdue timer runs on.

Every time is derived from the invoice's own state (due date, reminders sent,
status), so the timer can reschedule from state alone and a repeated firing
finds nothing left to do.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from domain.billing.calendar import start_of, today
from domain.billing.statuses import OPEN_INVOICE as OPEN
from domain.billing.statuses import InvoiceStatus
from domain.context import CommandContext
from domain.errors import InvalidInput, InvalidTransition, RuleViolation

if TYPE_CHECKING:
    from datetime import date

    from domain.billing.invoice import Invoice


def overdue_at(due_date: date) -> datetime:
    """The moment an unpaid invoice becomes overdue: the start of the day after its due date (UTC)."""
    return start_of(due_date + timedelta(days=1))


def next_reminder_at(
    status: InvoiceStatus, due_date: date | None, reminders_sent: int, every_days: int
) -> datetime | None:
    """When reminder number ``reminders_sent + 1`` is due, or None when no reminder is (settled, void, draft).

    The first goes out when the invoice becomes overdue, each next one ``every_days`` later.
    """
    if every_days < 1:
        raise InvalidInput("Reminders repeat every 1 day or more.")
    if status not in OPEN or due_date is None:
        return None
    return overdue_at(due_date) + timedelta(days=every_days * reminders_sent)


def should_mark_overdue(invoice: Invoice, ctx: CommandContext) -> bool:
    """True when the invoice is to be marked overdue now; False when there is nothing to do."""
    if invoice.status in (InvoiceStatus.OVERDUE, InvoiceStatus.PAID, InvoiceStatus.VOID):
        return False
    if invoice.status not in OPEN or invoice.due_date is None:
        raise InvalidTransition(f"Only a sent invoice can become overdue; this one is {invoice.status}.")
    if today(ctx) <= invoice.due_date:
        raise RuleViolation(f"This invoice is due on {invoice.due_date}; it is not overdue before the day after.")
    return True


def should_record_reminder(invoice: Invoice, reminder: int) -> bool:
    """True when reminder number ``reminder`` is the next to record; False when it already was."""
    if isinstance(reminder, int) and not isinstance(reminder, bool) and 0 < reminder <= invoice.reminders_sent:
        return False
    if invoice.status is not InvoiceStatus.OVERDUE:
        raise InvalidTransition(f"Reminders go out for overdue invoices; this one is {invoice.status}.")
    if reminder != invoice.reminders_sent + 1:
        raise RuleViolation(f"The next reminder of this invoice is number {invoice.reminders_sent + 1}.")
    return True
