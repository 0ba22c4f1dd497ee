"""The ticket emails, rendered at the moment of sending from the entry they are about.

An email to the client is rendered only from a thread entry whose class is
visible to the client (``domain.tickets.thread``), and only to the ticket's
requester; anything else renders to the reason it is dropped. Its Reply-To
carries the ticket's signed token, so the client's answer threads; the token
is made here, never stored. Staff emails go to active staff only.
"""

from __future__ import annotations

from collections.abc import Callable
from email.message import EmailMessage
from typing import Any
from uuid import UUID

from domain.application import BatonApplication
from domain.outbox import OutboundEmail
from domain.tickets import Ticket
from domain.tickets.desk import DeskSettings
from domain.tickets.inbound import reply_address
from domain.tickets.quoted_text import REPLY_ABOVE
from domain.tickets.thread import visible_to_client
from domain.users import User
from processes.email_delivery import Renderer
from processes.support_desk.notices import REQUESTER

CLIENT_TEMPLATES = ("ticket.received", "ticket.reply")
STAFF_TEMPLATES = (
    "ticket.opened",
    "ticket.client_message",
    "ticket.reopened",
    "ticket.breached",
    "ticket.escalated",
    "ticket.escalation_reminder",
)


def _entry(app: BatonApplication, ticket_id: UUID, version: int) -> Any:
    return next(iter(app.events.get(ticket_id, gt=version - 1, lte=version)), None)


def _files(attachments: list[dict[str, Any]]) -> str:
    if not attachments:
        return ""
    names = "\n".join(f"  - {a['name']} ({a['size']:,} bytes)" for a in attachments)
    return f"\n\nAttached on the ticket:\n{names}"


def _staff_text(template: str, ticket: Ticket, event: Any, app: BatonApplication) -> str:
    if template == "ticket.opened":
        return (
            f"A {ticket.priority} ticket was opened for client {ticket.client_id}:\n\n{getattr(event, 'message', '')}"
        )
    if template == "ticket.client_message":
        return f"The client wrote:\n\n{event.text}{_files(event.attachments)}"
    if template == "ticket.reopened":
        message = _entry(app, ticket.id, event.originator_version - 1)
        said = getattr(message, "text", "")
        return f"The client's reply moved the ticket from '{event.from_status}' back to 'open':\n\n{said}"
    if template == "ticket.breached":
        return (
            f"The {event.target.replace('_', ' ')} target for priority '{event.priority}' was missed: "
            f"due at {event.due_at:%Y-%m-%d %H:%M} UTC, {event.elapsed_minutes} of {event.target_minutes} "
            "business minutes used."
        )
    if template == "ticket.escalated":
        tried = f"\n\nTried already: {event.tried}" if event.tried else ""
        return f"The ticket was escalated to you. Why:\n\n{event.reason}{tried}\n\nAcknowledge it to take it on."
    return "The ticket escalated to you still waits for your acknowledgement."


def ticket_renderers(app: BatonApplication, desk: DeskSettings, public_url: str) -> dict[str, Renderer]:
    """A renderer for each ticket email template."""

    def headers(email: OutboundEmail, ticket: Ticket, subject: str) -> EmailMessage:
        message = EmailMessage()
        message["From"] = desk.sender
        message["To"] = email.to
        message["Subject"] = f"[#{str(ticket.id)[:8]}] {subject} {ticket.subject}".replace("  ", " ").strip()
        message["Message-ID"] = f"<{email.id}@{desk.support_domain}>"
        root = f"<{ticket.id}@{desk.support_domain}>"
        opening = [f"<{ticket.message_ids[0].strip('<>')}>"] if ticket.message_ids else []
        message["References"] = " ".join([*opening, root])
        message["In-Reply-To"] = opening[0] if opening else root
        return message

    def for_client(email: OutboundEmail) -> EmailMessage | str:
        if email.data.get("recipient") != REQUESTER:
            return "a client email goes to the ticket's requester only"
        ticket_id, version = UUID(email.data["ticket_id"]), int(email.data["version"])
        event = _entry(app, ticket_id, version)
        if event is None or not visible_to_client(event):
            return "only thread entries visible to the client are emailed to them"
        ticket: Ticket = app.load(Ticket, ticket_id)
        reply = isinstance(event, Ticket.StaffReplied)
        message = headers(email, ticket, "Re:" if reply else "Received:")
        message["Reply-To"] = reply_address(ticket.id, desk.support_address, desk.signing_secret)
        said = event.text if reply else "We received your request and will answer as soon as we can."
        files = _files(event.attachments) if reply else ""
        message.set_content(
            f"{REPLY_ABOVE}\n\n{said}{files}\n\n"
            f"Reply to this email to add to ticket #{str(ticket.id)[:8]} ('{ticket.subject}')."
        )
        return message

    def for_staff(email: OutboundEmail) -> EmailMessage | str:
        user = app.load(User, UUID(email.data["recipient"])) if email.data.get("recipient", "") != REQUESTER else None
        if user is None or not user.is_staff:
            return "staff emails go to staff only"
        ticket_id, version = UUID(email.data["ticket_id"]), int(email.data["version"])
        event = _entry(app, ticket_id, version)
        ticket: Ticket = app.load(Ticket, ticket_id)
        message = headers(email, ticket, email.template.removeprefix("ticket.").replace("_", " ").capitalize() + ":")
        body = _staff_text(email.template, ticket, event, app)
        message.set_content(f"{body}\n\nThe ticket: {public_url.rstrip('/')}/tickets/{ticket.id}\n")
        return message

    renderers: dict[str, Callable[[OutboundEmail], EmailMessage | str]] = {}
    renderers.update(dict.fromkeys(CLIENT_TEMPLATES, for_client))
    renderers.update(dict.fromkeys(STAFF_TEMPLATES, for_staff))
    return renderers
