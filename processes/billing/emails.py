"""Billing's emails: what each template says, rendered from the record as it stands when the email goes out.

The queued email names only the record (and the reminder's number); amounts,
numbers and links are read at sending time, so a proposal withdrawn or an
invoice settled before its email leaves drops the email instead of sending it.
"""

from __future__ import annotations

from collections.abc import Callable
from email.message import EmailMessage
from email.utils import make_msgid
from typing import Any, TypeVar
from uuid import UUID

from domain.billing.invoice import Invoice
from domain.billing.money import Money
from domain.billing.proposal import Proposal
from domain.billing.statuses import OPEN_INVOICE, ProposalStatus
from domain.errors import NotFound
from domain.outbox import OutboundEmail
from processes.email_delivery import Renderer

PROPOSAL_SENT = "proposal_sent"
PROPOSAL_DECIDED = "proposal_decided"
INVOICE_SENT = "invoice_sent"
INVOICE_REMINDER = "invoice_reminder"

A = TypeVar("A")
Load = Callable[[type[A], UUID], A]


def _message(email: OutboundEmail, sender: str, subject: str, body: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = email.to
    message["Subject"] = subject
    message["Message-ID"] = make_msgid(idstring=str(email.id), domain="baton.local")
    message.set_content(body)
    return message


def _lines(document: Proposal | Invoice) -> str:
    rows = [f"  {line.description}: {line.quantity} x {line.unit_price} = {line.net}" for line in document.lines]
    taxes = [f"  Tax {rate}%: {amount}" for rate, amount in document.taxes.items()]
    return "\n".join([*rows, f"  Subtotal: {document.subtotal}", *taxes, f"  Total: {document.total}"])


def billing_renderers(load: Any, public_url: str, sender: str) -> dict[str, Renderer]:
    """The renderer of each billing template; ``load(cls, id)`` reads a record (NotFound if there is none)."""
    base = public_url.rstrip("/")

    def proposal_sent(email: OutboundEmail) -> EmailMessage | str:
        proposal: Proposal = load(Proposal, UUID(email.data["proposal_id"]))
        if proposal.status is ProposalStatus.WITHDRAWN:  # a decided one still goes: the client keeps a copy
            return "the proposal was withdrawn"
        body = (
            f"Hello,\n\nwe have prepared a proposal for you: {proposal.title}.\n\n{_lines(proposal)}\n\n"
            f"It is valid until {proposal.valid_until:%d %B %Y}. Sign in to read it and to approve or decline it:\n\n"
            f"{base}/proposals/{proposal.id}\n"
        )
        return _message(email, sender, f"Proposal: {proposal.title}", body)

    def proposal_decided(email: OutboundEmail) -> EmailMessage | str:
        proposal: Proposal = load(Proposal, UUID(email.data["proposal_id"]))
        decision = email.data.get("decision", str(proposal.status))
        comment = email.data.get("comment", "")
        body = (
            f"The client {decision} the proposal '{proposal.title}' ({proposal.total}).\n"
            + (f"\nTheir comment: {comment}\n" if comment else "")
            + f"\n{base}/proposals/{proposal.id}\n"
        )
        return _message(email, sender, f"Proposal {decision}: {proposal.title}", body)

    def invoice_sent(email: OutboundEmail) -> EmailMessage | str:
        invoice: Invoice = load(Invoice, UUID(email.data["invoice_id"]))
        if not invoice.visible_to_client:
            return "the invoice was never sent"
        body = (
            f"Hello,\n\nplease find invoice {invoice.number}: {invoice.title}.\n\n{_lines(invoice)}\n\n"
            f"Payment is due by {invoice.due_date:%d %B %Y}. See it and pay online:\n\n{base}/invoices/{invoice.id}\n"
        )
        return _message(email, sender, f"Invoice {invoice.number}", body)

    def invoice_reminder(email: OutboundEmail) -> EmailMessage | str:
        invoice: Invoice = load(Invoice, UUID(email.data["invoice_id"]))
        if invoice.status not in OPEN_INVOICE:
            return f"the invoice is {invoice.status} now"
        owed: Money = invoice.balance.owed
        reminder = email.data.get("reminder", "1")
        body = (
            f"Hello,\n\ninvoice {invoice.number} ({invoice.title}) was due on {invoice.due_date:%d %B %Y} "
            f"and {owed} is still open. Please pay it at your earliest convenience:\n\n{base}/invoices/{invoice.id}\n\n"
            "If you have paid in the meantime, thank you, and please ignore this reminder.\n"
        )
        return _message(email, sender, f"Reminder {reminder}: invoice {invoice.number} is overdue", body)

    def safely(render: Renderer) -> Renderer:
        def guarded(email: OutboundEmail) -> EmailMessage | str:
            try:
                return render(email)
            except NotFound:
                return "the record this email is about does not exist"

        return guarded

    renderers = {
        PROPOSAL_SENT: proposal_sent,
        PROPOSAL_DECIDED: proposal_decided,
        INVOICE_SENT: invoice_sent,
        INVOICE_REMINDER: invoice_reminder,
    }
    return {name: safely(render) for name, render in renderers.items()}
