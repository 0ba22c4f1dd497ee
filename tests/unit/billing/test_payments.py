"""Payments: recorded once per idempotency key; never more than is owed when typed by hand."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from domain.application import BatonApplication
from domain.billing.errors import CurrencyMismatch, IdempotencyKeyReused, Overpayment
from domain.billing.ids import payment_id
from domain.billing.invoice import Invoice
from domain.billing.invoice_commands import InvoiceCommands, Payment
from domain.billing.money import Money
from domain.billing.statuses import InvoiceStatus
from domain.errors import InvalidInput, InvalidTransition, NotPermitted
from tests.unit.billing.builders import (
    ADMIN,
    EMPLOYEE,
    STRIPE,
    TODAY,
    at,
    client_user,
    draft_invoice,
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


def payments_recorded(app: BatonApplication, invoice_id: object) -> int:
    return sum(isinstance(e, Invoice.PaymentRecorded) for e in app.events.get(invoice_id))  # type: ignore[arg-type]


def test_a_partial_payment_leaves_the_invoice_partially_paid_when_money_is_still_owed(
    app: BatonApplication, invoices: InvoiceCommands
) -> None:
    invoice_id = sent_invoice(app)
    receipt = invoices.record_payment(at(ADMIN), invoice_id, by_hand("190.00"))
    invoice = app.load(Invoice, invoice_id)
    assert (receipt.status, receipt.repeat, receipt.version) == ("partially_paid", False, 3)
    assert (invoice.balance.paid, invoice.balance.owed) == (eur("190.00"), eur("1000.00"))
    invoices.record_payment(at(ADMIN), invoice_id, by_hand("1000.00", key="bank-2"))
    assert app.load(Invoice, invoice_id).status is InvoiceStatus.PAID


def test_the_same_key_records_one_payment_and_answers_the_same_receipt_when_repeated(
    app: BatonApplication, invoices: InvoiceCommands
) -> None:
    invoice_id = sent_invoice(app)
    first = invoices.record_payment(at(STRIPE), invoice_id, by_stripe("500.00"))
    repeats = [invoices.record_payment(at(STRIPE, days=n), invoice_id, by_stripe("500.00")) for n in range(3)]
    assert payments_recorded(app, invoice_id) == 1
    assert app.load(Invoice, invoice_id).balance.paid == eur("500.00")
    assert first.payment_id == payment_id("stripe:pi_1") and first.position > 0
    for repeat in repeats:
        assert (repeat.invoice_id, repeat.payment_id, repeat.version, repeat.status) == (
            first.invoice_id,
            first.payment_id,
            first.version,
            first.status,
        )
        assert (repeat.repeat, repeat.position) == (True, 0)


def test_a_repeat_changes_nothing_when_the_invoice_was_settled_in_between(
    app: BatonApplication, invoices: InvoiceCommands
) -> None:
    invoice_id = sent_invoice(app)
    invoices.record_payment(at(STRIPE), invoice_id, by_stripe("1190.00"))
    invoices.record_payment(at(STRIPE), invoice_id, by_stripe("1190.00"))
    invoice = app.load(Invoice, invoice_id)
    assert (invoice.balance.paid, invoice.balance.unapplied, invoice.version) == (eur("1190.00"), eur("0"), 3)


def test_a_key_is_refused_when_it_comes_back_with_another_amount(
    app: BatonApplication, invoices: InvoiceCommands
) -> None:
    invoice_id = sent_invoice(app)
    invoices.record_payment(at(ADMIN), invoice_id, by_hand("100.00"))
    with pytest.raises(IdempotencyKeyReused, match="already recorded a payment of 100.00 EUR"):
        invoices.record_payment(at(ADMIN), invoice_id, by_hand("200.00"))
    assert payments_recorded(app, invoice_id) == 1


def test_a_payment_typed_by_an_admin_is_refused_when_it_is_more_than_is_owed(
    app: BatonApplication, invoices: InvoiceCommands
) -> None:
    invoice_id = sent_invoice(app)
    with pytest.raises(Overpayment, match="more than the 1190.00 EUR still owed"):
        invoices.record_payment(at(ADMIN), invoice_id, by_hand("1190.01"))
    assert payments_recorded(app, invoice_id) == 0


def test_money_a_payment_service_took_beyond_what_is_owed_is_kept_as_unapplied_when_recorded(
    app: BatonApplication, invoices: InvoiceCommands
) -> None:
    invoice_id = sent_invoice(app)
    invoices.record_payment(at(STRIPE), invoice_id, by_stripe("1200.00"))
    (event,) = [e for e in app.events.get(invoice_id) if isinstance(e, Invoice.PaymentRecorded)]
    assert (event.applied, event.unapplied, event.status) == (eur("1190.00"), eur("10.00"), "paid")
    assert app.load(Invoice, invoice_id).balance.unapplied == eur("10.00")


@pytest.mark.parametrize("close", ["void", "paid"])
def test_a_service_payment_for_a_void_or_paid_invoice_is_kept_for_an_admin_when_it_arrives(
    app: BatonApplication, invoices: InvoiceCommands, close: str
) -> None:
    invoice_id = sent_invoice(app)
    if close == "void":
        invoices.void(at(ADMIN), invoice_id, "Sent to the wrong client")
    else:
        invoices.record_payment(at(ADMIN), invoice_id, by_hand("1190.00"))
    invoices.record_payment(at(STRIPE), invoice_id, by_stripe("1190.00", key="stripe:pi_late"))
    invoice = app.load(Invoice, invoice_id)
    assert invoice.balance.unapplied == eur("1190.00")
    assert invoice.status is (InvoiceStatus.VOID if close == "void" else InvoiceStatus.PAID)
    with pytest.raises(InvalidTransition, match="takes no further payment"):
        invoices.record_payment(at(ADMIN), invoice_id, by_hand("1.00", key="bank-late"))


def test_a_payment_is_refused_when_the_invoice_is_still_a_draft(
    app: BatonApplication, invoices: InvoiceCommands
) -> None:
    with pytest.raises(InvalidTransition, match="only a sent invoice takes payments"):
        invoices.record_payment(at(STRIPE), draft_invoice(app), by_stripe("10.00"))


@pytest.mark.parametrize(
    ("payment", "error"),
    [
        (Payment(Money.of("10", "USD"), TODAY, "k"), CurrencyMismatch),
        (Payment(eur("0.00"), TODAY, "k"), InvalidInput),
        (Payment(eur("-5.00"), TODAY, "k"), InvalidInput),
        (Payment(Decimal("5.00"), TODAY, "k"), InvalidInput),  # type: ignore[arg-type]
        (Payment(eur("5.00"), TODAY, " "), InvalidInput),
        (Payment(eur("5.00"), TODAY + timedelta(days=1), "k"), InvalidInput),
    ],
)
def test_a_payment_is_refused_when_its_amount_key_or_date_is_invalid(
    app: BatonApplication, invoices: InvoiceCommands, payment: Payment, error: type[Exception]
) -> None:
    invoice_id = sent_invoice(app)
    with pytest.raises(error):
        invoices.record_payment(at(ADMIN), invoice_id, payment)
    assert payments_recorded(app, invoice_id) == 0


@pytest.mark.parametrize("who", ["employee", "client", "system by hand"])
def test_recording_a_payment_is_refused_when_the_actor_may_not(
    app: BatonApplication, invoices: InvoiceCommands, who: str
) -> None:
    invoice_id = sent_invoice(app)
    actor, payment = {
        "employee": (EMPLOYEE, by_hand("5.00")),
        "client": (client_user(app), by_stripe("5.00")),
        "system by hand": (STRIPE, by_hand("5.00")),
    }[who]
    with pytest.raises(NotPermitted):
        invoices.record_payment(at(actor), invoice_id, payment)
