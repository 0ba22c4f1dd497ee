"""Invoices: a hidden, editable draft; sent with frozen lines and a due date; discarded or voided."""

from __future__ import annotations

from datetime import timedelta

import pytest

from domain.application import BatonApplication
from domain.billing.ids import invoice_id_for
from domain.billing.invoice import Invoice
from domain.billing.invoice_commands import InvoiceCommands, NewInvoice, Payment
from domain.billing.statuses import InvoiceStatus
from domain.errors import InvalidInput, InvalidTransition, NotPermitted, RuleViolation
from tests.unit.billing.builders import (
    ADMIN,
    CLIENT_ID,
    EMPLOYEE,
    SYSTEM,
    TODAY,
    approved_proposal,
    at,
    client_user,
    draft_invoice,
    eur,
    line,
    sent_invoice,
    sent_proposal,
)


@pytest.fixture
def invoices(app: BatonApplication) -> InvoiceCommands:
    return InvoiceCommands(app)


def test_a_draft_is_hidden_from_the_client_and_editable_when_drafted(
    app: BatonApplication, invoices: InvoiceCommands
) -> None:
    invoice_id = draft_invoice(app)
    invoices.revise(at(ADMIN), invoice_id, lines=(line(quantity="3"),), notes="Thank you", expected_version=1)
    invoice = app.load(Invoice, invoice_id)
    assert (invoice.status, invoice.visible_to_client, invoice.number) == (InvoiceStatus.DRAFT, False, "")
    assert (invoice.subtotal, invoice.total, invoice.notes) == (eur("1500.00"), eur("1785.00"), "Thank you")


def test_sending_numbers_the_invoice_and_sets_the_due_date_from_the_terms_when_sent(
    app: BatonApplication, invoices: InvoiceCommands
) -> None:
    invoice_id = draft_invoice(app, terms=30)
    invoices.send(at(ADMIN), invoice_id, expected_version=1)
    invoice = app.load(Invoice, invoice_id)
    assert (invoice.status, invoice.visible_to_client, invoice.number) == (InvoiceStatus.SENT, True, "INV-2026-0001")
    assert (invoice.sent_on, invoice.due_date) == (TODAY, TODAY + timedelta(days=30))


def test_the_lines_freeze_when_the_invoice_is_sent(app: BatonApplication, invoices: InvoiceCommands) -> None:
    invoice_id = sent_invoice(app)
    with pytest.raises(InvalidTransition, match="Only a draft can be revised"):
        invoices.revise(at(ADMIN), invoice_id, lines=(line(price="1.00"),))
    with pytest.raises(InvalidTransition, match="Only a draft can be sent"):
        invoices.send(at(ADMIN), invoice_id)


@pytest.mark.parametrize("actor", [EMPLOYEE, SYSTEM])
def test_sending_is_refused_when_the_actor_is_not_an_admin(
    app: BatonApplication, invoices: InvoiceCommands, actor: object
) -> None:
    invoice_id = draft_invoice(app)
    with pytest.raises(NotPermitted):
        invoices.send(at(actor), invoice_id)  # type: ignore[arg-type]


@pytest.mark.parametrize("actor", [EMPLOYEE, "client"])
def test_drafting_is_refused_when_the_actor_is_not_staff_who_bill(
    app: BatonApplication, invoices: InvoiceCommands, actor: object
) -> None:
    who = client_user(app) if actor == "client" else actor
    with pytest.raises(NotPermitted):
        invoices.draft(at(who), NewInvoice(client_id=CLIENT_ID, currency="EUR", lines=(line(),)))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"client_id": ""}, "give its client_id"),
        ({"payment_terms_days": -1}, "Payment terms"),
        ({"payment_terms_days": 366}, "Payment terms"),
        ({"currency": "usd"}, "ISO 4217"),
        ({"title": ""}, "needs a title"),
    ],
)
def test_drafting_is_refused_when_the_input_is_invalid(
    invoices: InvoiceCommands, fields: dict[str, object], message: str
) -> None:
    values: dict[str, object] = {"client_id": CLIENT_ID, "currency": "EUR", "lines": (line(),)} | fields
    with pytest.raises(InvalidInput, match=message):
        invoices.draft(at(ADMIN), NewInvoice(**values))  # type: ignore[arg-type]


def test_sending_is_refused_when_the_draft_has_no_lines(app: BatonApplication, invoices: InvoiceCommands) -> None:
    invoice_id = invoices.draft(at(ADMIN), NewInvoice(client_id=CLIENT_ID, currency="EUR")).id
    with pytest.raises(RuleViolation, match="at least one line"):
        invoices.send(at(ADMIN), invoice_id)


def test_an_approved_proposal_is_drafted_into_one_invoice_when_drafted_twice(
    app: BatonApplication, invoices: InvoiceCommands
) -> None:
    proposal_id = approved_proposal(app)
    first = invoices.draft_from_proposal(at(SYSTEM), proposal_id, payment_terms_days=10)
    again = invoices.draft_from_proposal(at(SYSTEM), proposal_id)
    invoice = app.load(Invoice, first.id)
    assert first.id == again.id == invoice_id_for(proposal_id)
    assert (again.version, again.position) == (1, 0)
    assert (invoice.proposal_id, invoice.client_id, invoice.total, invoice.payment_terms_days) == (
        str(proposal_id),
        CLIENT_ID,
        eur("1190.00"),
        10,
    )
    assert invoice.status is InvoiceStatus.DRAFT


def test_drafting_from_a_proposal_is_refused_when_it_is_not_approved(
    app: BatonApplication, invoices: InvoiceCommands
) -> None:
    with pytest.raises(RuleViolation, match="approved proposal"):
        invoices.draft_from_proposal(at(SYSTEM), sent_proposal(app))


def test_discarding_a_draft_hides_it_for_good_when_it_was_never_sent(
    app: BatonApplication, invoices: InvoiceCommands
) -> None:
    invoice_id = draft_invoice(app)
    invoices.discard(at(ADMIN), invoice_id, "Billed on the next invoice")
    invoice = app.load(Invoice, invoice_id)
    assert (invoice.status, invoice.visible_to_client) == (InvoiceStatus.DISCARDED, False)
    with pytest.raises(InvalidTransition):
        invoices.send(at(ADMIN), invoice_id)


def test_voiding_keeps_the_number_when_nothing_was_paid(app: BatonApplication, invoices: InvoiceCommands) -> None:
    invoice_id = sent_invoice(app)
    invoices.void(at(ADMIN), invoice_id, "Wrong client")
    invoice = app.load(Invoice, invoice_id)
    assert (invoice.status, invoice.number) == (InvoiceStatus.VOID, "INV-2026-0001")


def test_voiding_is_refused_when_a_payment_was_recorded(app: BatonApplication, invoices: InvoiceCommands) -> None:
    invoice_id = sent_invoice(app)
    invoices.record_payment(at(ADMIN), invoice_id, Payment(eur("10.00"), TODAY, "bank-1"))
    with pytest.raises(RuleViolation, match="issue a credit note"):
        invoices.void(at(ADMIN), invoice_id, "Client disputes it")
    assert app.load(Invoice, invoice_id).status is InvoiceStatus.PARTIALLY_PAID


@pytest.mark.parametrize(("reason", "error"), [(" ", InvalidInput), ("Typo", InvalidTransition)])
def test_voiding_is_refused_when_it_has_no_reason_or_is_a_draft(
    app: BatonApplication, invoices: InvoiceCommands, reason: str, error: type[Exception]
) -> None:
    invoice_id = sent_invoice(app) if error is InvalidInput else draft_invoice(app)
    with pytest.raises(error):
        invoices.void(at(ADMIN), invoice_id, reason)
