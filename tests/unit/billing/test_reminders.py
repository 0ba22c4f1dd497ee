"""When the overdue timer acts: derived from the invoice's state alone."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from domain.application import BatonApplication
from domain.billing.invoice import Invoice
from domain.billing.invoice_commands import InvoiceCommands
from domain.billing.reminders import next_reminder_at, overdue_at
from domain.billing.statuses import InvoiceStatus
from domain.errors import InvalidInput
from tests.unit.billing.builders import SYSTEM, at, sent_invoice

DUE = date(2026, 3, 16)


def test_an_invoice_becomes_overdue_at_the_start_of_the_day_after_its_due_date_when_unpaid() -> None:
    assert overdue_at(DUE) == datetime(2026, 3, 17, tzinfo=UTC)


@pytest.mark.parametrize(
    ("sent", "expected"),
    [
        (0, datetime(2026, 3, 17, tzinfo=UTC)),
        (1, datetime(2026, 3, 24, tzinfo=UTC)),
        (3, datetime(2026, 4, 7, tzinfo=UTC)),
    ],
)
def test_the_next_reminder_follows_every_n_days_after_the_first_when_reminders_were_sent(
    sent: int, expected: datetime
) -> None:
    assert next_reminder_at(InvoiceStatus.OVERDUE, DUE, sent, every_days=7) == expected


@pytest.mark.parametrize(
    "status", [InvoiceStatus.DRAFT, InvoiceStatus.PAID, InvoiceStatus.VOID, InvoiceStatus.DISCARDED]
)
def test_no_reminder_is_due_when_the_invoice_is_settled_void_or_unsent(status: InvoiceStatus) -> None:
    assert next_reminder_at(status, DUE, 0, every_days=7) is None


def test_the_first_reminder_is_due_when_the_invoice_becomes_overdue_while_still_sent_or_partly_paid() -> None:
    for status in (InvoiceStatus.SENT, InvoiceStatus.PARTIALLY_PAID):
        assert next_reminder_at(status, DUE, 0, every_days=3) == overdue_at(DUE)


def test_a_reminder_interval_is_refused_when_it_is_under_a_day() -> None:
    with pytest.raises(InvalidInput):
        next_reminder_at(InvoiceStatus.OVERDUE, DUE, 0, every_days=0)


def test_the_timer_finds_its_next_time_in_the_invoice_state_when_reminders_were_recorded(
    app: BatonApplication,
) -> None:
    invoices = InvoiceCommands(app)
    invoice_id = sent_invoice(app, terms=14)
    invoices.mark_overdue(at(SYSTEM, days=15), invoice_id)
    invoices.record_reminder(at(SYSTEM, days=15), invoice_id, 1)
    invoice = app.load(Invoice, invoice_id)
    assert next_reminder_at(invoice.status, invoice.due_date, invoice.reminders_sent, 7) == datetime(
        2026, 3, 24, tzinfo=UTC
    )
