"""Invoices past their due date: marked overdue once by the timer, reminders recorded once each."""

from __future__ import annotations

from datetime import date

import pytest

from domain.application import BatonApplication
from domain.billing.invoice import Invoice
from domain.billing.invoice_commands import InvoiceCommands, Payment
from domain.billing.statuses import InvoiceStatus
from domain.errors import InvalidTransition, NotPermitted, RuleViolation
from tests.unit.billing.builders import (
    ADMIN,
    EMPLOYEE,
    STRIPE,
    SYSTEM,
    TODAY,
    at,
    draft_invoice,
    eur,
    sent_invoice,
)


@pytest.fixture
def invoices(app: BatonApplication) -> InvoiceCommands:
    return InvoiceCommands(app)


def test_the_timer_marks_an_invoice_overdue_once_when_its_due_date_has_passed(
    app: BatonApplication, invoices: InvoiceCommands
) -> None:
    invoice_id = sent_invoice(app, terms=14)
    first = invoices.mark_overdue(at(SYSTEM, days=15), invoice_id)
    again = invoices.mark_overdue(at(SYSTEM, days=16), invoice_id)
    assert app.load(Invoice, invoice_id).status is InvoiceStatus.OVERDUE
    assert (first.version, again.version, again.position) == (3, 3, 0)


def test_marking_overdue_is_refused_when_the_due_date_has_not_passed(
    app: BatonApplication, invoices: InvoiceCommands
) -> None:
    invoice_id = sent_invoice(app, terms=14)
    with pytest.raises(RuleViolation, match="due on 2026-03-16"):
        invoices.mark_overdue(at(SYSTEM, days=14), invoice_id)


def test_marking_overdue_changes_nothing_when_the_invoice_was_paid_or_voided(
    app: BatonApplication, invoices: InvoiceCommands
) -> None:
    paid, voided = sent_invoice(app), sent_invoice(app)
    invoices.record_payment(at(STRIPE), paid, Payment(eur("1190.00"), TODAY, "pi_1", provider="stripe"))
    invoices.void(at(ADMIN), voided, "Duplicate")
    for invoice_id, status in ((paid, InvoiceStatus.PAID), (voided, InvoiceStatus.VOID)):
        assert invoices.mark_overdue(at(SYSTEM, days=30), invoice_id).position == 0
        assert app.load(Invoice, invoice_id).status is status


def test_marking_overdue_is_refused_when_the_invoice_is_a_draft_or_a_person_other_than_an_admin_asks(
    app: BatonApplication, invoices: InvoiceCommands
) -> None:
    with pytest.raises(InvalidTransition):
        invoices.mark_overdue(at(SYSTEM, days=30), draft_invoice(app))
    with pytest.raises(NotPermitted):
        invoices.mark_overdue(at(EMPLOYEE, days=30), sent_invoice(app))


def test_a_partial_payment_keeps_an_overdue_invoice_overdue_when_money_is_still_owed(
    app: BatonApplication, invoices: InvoiceCommands
) -> None:
    invoice_id = sent_invoice(app, terms=7)
    invoices.mark_overdue(at(SYSTEM, days=8), invoice_id)
    invoices.record_payment(at(ADMIN, days=9), invoice_id, Payment(eur("190.00"), date(2026, 3, 11), "bank-1"))
    invoice = app.load(Invoice, invoice_id)
    assert (invoice.status, invoice.balance.owed) == (InvoiceStatus.OVERDUE, eur("1000.00"))
    invoices.record_payment(at(ADMIN, days=9), invoice_id, Payment(eur("1000.00"), date(2026, 3, 11), "bank-2"))
    assert app.load(Invoice, invoice_id).status is InvoiceStatus.PAID


def test_reminders_are_recorded_once_each_and_in_order_when_the_invoice_is_overdue(
    app: BatonApplication, invoices: InvoiceCommands
) -> None:
    invoice_id = sent_invoice(app, terms=0)
    with pytest.raises(InvalidTransition, match="overdue invoices"):
        invoices.record_reminder(at(SYSTEM), invoice_id, 1)
    invoices.mark_overdue(at(SYSTEM, days=1), invoice_id)
    invoices.record_reminder(at(SYSTEM, days=1), invoice_id, 1)
    assert invoices.record_reminder(at(SYSTEM, days=1), invoice_id, 1).position == 0
    with pytest.raises(RuleViolation, match="number 2"):
        invoices.record_reminder(at(SYSTEM, days=8), invoice_id, 3)
    invoices.record_reminder(at(SYSTEM, days=8), invoice_id, 2)
    assert app.load(Invoice, invoice_id).reminders_sent == 2
