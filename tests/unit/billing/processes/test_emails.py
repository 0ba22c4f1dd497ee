"""Billing's emails rendered at sending time: what the client reads, and which emails are dropped instead."""

from __future__ import annotations

from uuid import uuid4

from domain.application import BatonApplication
from domain.billing.inputs import Payment
from domain.billing.invoice_commands import InvoiceCommands
from domain.billing.proposal_commands import ProposalCommands
from domain.context import Actor
from domain.outbox import OutboundEmail
from processes.billing.emails import INVOICE_REMINDER, INVOICE_SENT, PROPOSAL_SENT, billing_renderers
from tests.unit.billing.builders import ADMIN, SYSTEM, TODAY, at, eur, sent_invoice, sent_proposal


def email(template: str, **data: str) -> OutboundEmail:
    return OutboundEmail.queue(
        at(Actor.system("test")), uuid4(), to="accounts@acme.example", template=template, data=data
    )


def render(app: BatonApplication, template: str, **data: str) -> object:
    return billing_renderers(app.load, "https://baton.example.test/", "Baton <billing@baton.test>")[template](
        email(template, **data)
    )


def test_proposal_email_shows_the_lines_total_and_link_when_rendered(app: BatonApplication) -> None:
    proposal = sent_proposal(app)
    message = render(app, PROPOSAL_SENT, proposal_id=str(proposal))
    body = message.get_content()  # type: ignore[attr-defined]
    assert message["Subject"] == "Proposal: Website relaunch"  # type: ignore[index]
    assert "Total: 1190.00 EUR" in body and f"https://baton.example.test/proposals/{proposal}" in body


def test_proposal_email_is_dropped_when_the_proposal_was_withdrawn_before_it_left(app: BatonApplication) -> None:
    proposal = sent_proposal(app)
    ProposalCommands(app).withdraw(at(ADMIN), proposal, "Wrong scope")
    assert render(app, PROPOSAL_SENT, proposal_id=str(proposal)) == "the proposal was withdrawn"


def test_invoice_email_names_its_number_and_due_date_when_rendered(app: BatonApplication) -> None:
    invoice = sent_invoice(app)
    message = render(app, INVOICE_SENT, invoice_id=str(invoice))
    assert message["Subject"] == "Invoice INV-2026-0001"  # type: ignore[index]
    assert "due by 16 March 2026" in message.get_content()  # type: ignore[attr-defined]


def test_reminder_is_dropped_when_the_invoice_was_paid_before_it_left(app: BatonApplication) -> None:
    invoice = sent_invoice(app, terms=0)
    invoices = InvoiceCommands(app)
    invoices.mark_overdue(at(SYSTEM, 1), invoice)
    reminder = render(app, INVOICE_REMINDER, invoice_id=str(invoice), reminder="1")
    assert "1190.00 EUR is still open" in reminder.get_content()  # type: ignore[attr-defined]
    invoices.record_payment(at(ADMIN, 1), invoice, Payment(eur("1190.00"), TODAY, "bank-1"))
    assert render(app, INVOICE_REMINDER, invoice_id=str(invoice), reminder="1") == "the invoice is paid now"


def test_email_about_a_record_that_does_not_exist_is_dropped_when_rendered(app: BatonApplication) -> None:
    assert "does not exist" in str(render(app, INVOICE_SENT, invoice_id=str(uuid4())))
