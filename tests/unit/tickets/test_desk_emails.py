"""Ticket emails: the client gets staff replies (threaded by the token), never a note; staff hear the rest."""

from __future__ import annotations

from email.message import EmailMessage
from uuid import UUID

import pytest

from domain.outbox import OutboundEmail
from domain.tickets import ClientMessage, Requester, RequesterKind, TicketStatus
from domain.tickets.inbound import ticket_from_address
from domain.tickets.quoted_text import REPLY_ABOVE
from processes.support_desk.notices import REQUESTER, ticket_email_id
from processes.support_desk.templates import ticket_renderers
from tests.unit.tickets.builders import Desk, at
from tests.unit.tickets.processes import DESK, Desks

S = TicketStatus


@pytest.fixture
def desks(desk: Desk) -> Desks:
    found = Desks(desk)
    for actor in (desk.admin, desk.agent):
        found.staff[actor.id] = desk.users.get(UUID(actor.id)).email
    found.admins.add(desk.admin.id)
    return found


def sent(desks: Desks) -> list[tuple[OutboundEmail, EmailMessage | str]]:
    app = desks.desk.app
    render = ticket_renderers(app, DESK, "https://baton.example")
    emails = [app.load(OutboundEmail, i) for i in dict.fromkeys(desks.enqueued)]
    return [(e, render[e.template](e)) for e in emails]


def client_address(desk: Desk) -> str:
    return desk.users.get(UUID(desk.client.id)).email


def test_a_staff_reply_reaches_the_client_with_a_reply_address_naming_the_ticket(desks: Desks) -> None:
    desk = desks.desk
    ticket_id = desk.in_status(S.IN_PROGRESS)
    desk.tickets.reply(at(desk.agent, 5), ticket_id, "We restarted the payment worker.")
    desks.run()
    [(email, message)] = [(e, m) for e, m in sent(desks) if e.template == "ticket.reply"]
    assert isinstance(message, EmailMessage) and email.to == client_address(desk)
    body = message.get_content()
    assert body.startswith(REPLY_ABOVE) and "We restarted the payment worker." in body
    assert ticket_from_address(message["Reply-To"], DESK.support_address, DESK.reply_secrets) == ticket_id
    assert (
        message["Message-ID"] == f"<{email.id}@agency.example>"
        and f"<{ticket_id}@agency.example>" in message["References"]
    )


def test_an_internal_note_is_never_emailed_to_the_client_even_when_asked_to_render_one(desks: Desks) -> None:
    desk = desks.desk
    ticket_id = desk.in_status(S.IN_PROGRESS)
    desk.tickets.add_internal_note(at(desk.agent, 5), ticket_id, "Their host is flaky; do not mention it.")
    desks.run()
    assert all("flaky" not in (m if isinstance(m, str) else m.get_content()) for _, m in sent(desks))
    note_version = desk.get(ticket_id).version
    forged = OutboundEmail.queue(
        at(desk.agent),
        ticket_email_id(ticket_id, note_version, REQUESTER),
        to=client_address(desk),
        template="ticket.reply",
        data={"ticket_id": str(ticket_id), "version": str(note_version), "recipient": REQUESTER},
    )
    rendered = ticket_renderers(desk.app, DESK, "https://baton.example")["ticket.reply"](forged)
    assert rendered == "only thread entries visible to the client are emailed to them"


def test_a_client_message_tells_the_assignee_and_a_reopen_tells_them_once(desks: Desks) -> None:
    desk = desks.desk
    me = Requester(RequesterKind.CLIENT_USER, desk.client.id)
    ticket_id = desk.in_status(S.IN_PROGRESS)
    desk.tickets.reply_from_client(at(desk.client, 10), ticket_id, ClientMessage("Any news?", me))
    desk.tickets.change_status(at(desk.agent, 20), ticket_id, S.RESOLVED)
    desk.tickets.reply_from_client(at(desk.client, 30), ticket_id, ClientMessage("Broken again.", me))
    desks.run()
    staff = [
        (e.template, e.to) for e, _ in sent(desks) if e.template.startswith("ticket.") and e.to != client_address(desk)
    ]
    agent = desks.staff[desk.agent.id]
    assert ("ticket.client_message", agent) in staff and ("ticket.reopened", agent) in staff
    assert [t for t, to in staff if to == agent].count("ticket.client_message") == 1
    reopened = next(m for e, m in sent(desks) if e.template == "ticket.reopened")
    assert isinstance(reopened, EmailMessage) and "Broken again." in reopened.get_content()


def test_a_new_ticket_is_acknowledged_to_the_client_and_announced_to_the_admins_while_unassigned(desks: Desks) -> None:
    desk = desks.desk
    desk.open()
    desks.run()
    emails = {(e.template, e.to) for e, _ in sent(desks)}
    assert emails == {("ticket.received", client_address(desk)), ("ticket.opened", desks.staff[desk.admin.id])}
    desks.position = 0
    desks.run()  # every event reacted to again, as after a crash: nothing new is queued
    assert {(e.template, e.to) for e, _ in sent(desks)} == emails
