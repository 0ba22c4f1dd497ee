"""Refunds, failed attempts and credit notes: recorded once per key, never more than is left or owed."""

from __future__ import annotations

import pytest

from domain.application import BatonApplication
from domain.billing.errors import IdempotencyKeyReused, Overpayment
from domain.billing.invoice import Invoice
from domain.billing.invoice_commands import InvoiceCommands, Payment, Refund
from domain.billing.statuses import InvoiceStatus
from domain.errors import InvalidInput, NotPermitted, RuleViolation
from tests.unit.billing.builders import (
    ADMIN,
    EMPLOYEE,
    STRIPE,
    TODAY,
    at,
    eur,
    sent_invoice,
)

# The default invoice bills 1,000.00 + 19% tax = 1,190.00 EUR.


@pytest.fixture
def invoices(app: BatonApplication) -> InvoiceCommands:
    return InvoiceCommands(app)


def by_hand(amount: str, key: str = "bank-1") -> Payment:
    return Payment(eur(amount), TODAY, key, method="bank_transfer", reference="SEPA 4711")


def by_stripe(amount: str, key: str = "stripe:pi_1") -> Payment:
    return Payment(eur(amount), TODAY, key, method="card", provider="stripe", reference="pi_1")


def test_a_refund_reopens_what_is_owed_once_per_key_when_money_goes_back(
    app: BatonApplication, invoices: InvoiceCommands
) -> None:
    invoice_id = sent_invoice(app)
    invoices.record_payment(at(STRIPE), invoice_id, by_stripe("1190.00"))
    refund = Refund("stripe:pi_1", eur("190.00"), TODAY, "stripe:re_1", provider="stripe", reference="re_1")
    first = invoices.record_refund(at(STRIPE), invoice_id, refund)
    again = invoices.record_refund(at(STRIPE), invoice_id, refund)
    invoice = app.load(Invoice, invoice_id)
    assert (first.status, again.repeat, again.version) == ("partially_paid", True, first.version)
    assert (invoice.balance.paid, invoice.balance.owed) == (eur("1000.00"), eur("190.00"))


def test_a_refund_returns_unapplied_money_first_when_the_payment_overpaid(
    app: BatonApplication, invoices: InvoiceCommands
) -> None:
    invoice_id = sent_invoice(app)
    invoices.record_payment(at(STRIPE), invoice_id, by_stripe("1200.00"))
    invoices.record_refund(at(ADMIN), invoice_id, Refund("stripe:pi_1", eur("10.00"), TODAY, "refund-1"))
    invoice = app.load(Invoice, invoice_id)
    assert (invoice.balance.unapplied, invoice.balance.paid, invoice.status) == (
        eur("0.00"),
        eur("1190.00"),
        InvoiceStatus.PAID,
    )


def test_a_refund_is_refused_when_it_exceeds_what_is_left_of_its_payment_or_names_none(
    app: BatonApplication, invoices: InvoiceCommands
) -> None:
    invoice_id = sent_invoice(app)
    invoices.record_payment(at(ADMIN), invoice_id, by_hand("100.00"))
    invoices.record_refund(at(ADMIN), invoice_id, Refund("bank-1", eur("60.00"), TODAY, "r1"))
    with pytest.raises(Overpayment, match="40.00 EUR left"):
        invoices.record_refund(at(ADMIN), invoice_id, Refund("bank-1", eur("40.01"), TODAY, "r2"))
    with pytest.raises(RuleViolation, match="no payment recorded with the key 'bank-9'"):
        invoices.record_refund(at(ADMIN), invoice_id, Refund("bank-9", eur("1.00"), TODAY, "r3"))


def test_a_refund_key_is_refused_when_it_was_used_for_a_payment(
    app: BatonApplication, invoices: InvoiceCommands
) -> None:
    invoice_id = sent_invoice(app)
    invoices.record_payment(at(ADMIN), invoice_id, by_hand("100.00"))
    with pytest.raises(IdempotencyKeyReused):
        invoices.record_refund(at(ADMIN), invoice_id, Refund("bank-1", eur("10.00"), TODAY, "bank-1"))


def test_a_failed_attempt_is_recorded_once_and_changes_no_amount_when_reported_twice(
    app: BatonApplication, invoices: InvoiceCommands
) -> None:
    invoice_id = sent_invoice(app)
    first = invoices.record_failed_payment(at(STRIPE), invoice_id, "stripe:evt_9", provider="stripe", reason="declined")
    again = invoices.record_failed_payment(at(STRIPE), invoice_id, "stripe:evt_9", provider="stripe", reason="declined")
    invoice = app.load(Invoice, invoice_id)
    assert (again.repeat, again.version, first.repeat) == (True, first.version, False)
    assert (invoice.status, invoice.balance.owed) == (InvoiceStatus.SENT, eur("1190.00"))


def test_a_credit_note_reduces_what_is_owed_and_can_settle_the_invoice_when_issued(
    app: BatonApplication, invoices: InvoiceCommands
) -> None:
    invoice_id = sent_invoice(app)
    invoices.record_payment(at(ADMIN), invoice_id, by_hand("1000.00"))
    invoices.issue_credit_note(at(ADMIN), invoice_id, eur("190.00"), "Tax exemption certificate received")
    invoice = app.load(Invoice, invoice_id)
    assert (invoice.balance.credited, invoice.balance.owed, invoice.status) == (
        eur("190.00"),
        eur("0.00"),
        InvoiceStatus.PAID,
    )


@pytest.mark.parametrize(
    ("actor", "amount", "reason", "error"),
    [
        (ADMIN, "1190.01", "Goodwill", Overpayment),
        (ADMIN, "0.00", "Goodwill", InvalidInput),
        (ADMIN, "10.00", " ", InvalidInput),
        (EMPLOYEE, "10.00", "Goodwill", NotPermitted),
    ],
)
def test_a_credit_note_is_refused_when_it_is_too_large_empty_unexplained_or_not_an_admins(
    app: BatonApplication, invoices: InvoiceCommands, actor: object, amount: str, reason: str, error: type[Exception]
) -> None:
    invoice_id = sent_invoice(app)
    with pytest.raises(error):
        invoices.issue_credit_note(at(actor), invoice_id, eur(amount), reason)  # type: ignore[arg-type]
    assert app.load(Invoice, invoice_id).credit_notes == []
