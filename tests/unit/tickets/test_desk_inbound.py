"""Inbound email is placed: by the reply address's token, by the sender, or held for staff; never twice."""

from __future__ import annotations

from uuid import UUID

import pytest

from domain.tickets import Requester, RequesterKind, Ticket
from domain.tickets.inbound import reply_address, ticket_id_for_message
from domain.tickets.inbound_commands import InboundEmailCommands
from domain.tickets.inbound_email import HELD, ROUTED, ReceivedEmail, inbound_email_id
from projections.tickets.mailbox_queries import Person
from tests.unit.tickets.builders import MAILBOX, Desk, at
from tests.unit.tickets.processes import DESK, Desks

ANA = "ana@client.example"


@pytest.fixture
def desks(desk: Desk) -> Desks:
    found = Desks(desk)
    found.people[ANA] = [Person("client-acme", "contact", "contact-ana", "Ana")]
    return found


def deliver(desks: Desks, message_id: str, **fields: object) -> UUID:
    values: dict[str, object] = {
        "message_id": message_id,
        "sender": ANA,
        "subject": "Checkout not working",
        "text": "Help!",
    }
    values.update(fields)
    InboundEmailCommands(desks.desk.app).receive(at(MAILBOX), ReceivedEmail(**values))  # type: ignore[arg-type]
    desks.run()
    return inbound_email_id(message_id)


def status(desks: Desks, email_id: UUID) -> tuple[str, str]:
    email = InboundEmailCommands(desks.desk.app).get(email_id)
    return email.status, email.ticket_id


def test_a_known_contact_opens_an_urgent_ticket_for_their_client_when_they_write(desks: Desks) -> None:
    email_id = deliver(desks, "<first@client.example>")
    ticket_id = ticket_id_for_message("<first@client.example>")
    assert status(desks, email_id) == (ROUTED, str(ticket_id))
    ticket = desks.desk.get(ticket_id)
    assert (ticket.client_id, ticket.priority.value, ticket.subject) == (
        "client-acme",
        "urgent",
        "Checkout not working",
    )


def test_a_reply_to_the_tokened_address_joins_the_ticket_once_when_delivered_twice(desks: Desks) -> None:
    ticket_id = desks.desk.open()
    to = reply_address(ticket_id, DESK.support_address, DESK.signing_secret)
    first = deliver(desks, "<r1@client.example>", recipients=(to,), text="It works now, thanks.")
    deliver(desks, "<r1@client.example>", recipients=(to,), text="It works now, thanks.")
    assert status(desks, first) == (ROUTED, str(ticket_id))
    replies = [t for t in desks.desk.topics(ticket_id) if t == Ticket.ClientReplied.TOPIC]
    assert len(replies) == 1


def test_an_answer_to_a_desk_email_joins_its_ticket_when_the_sender_is_a_person_of_its_client(desks: Desks) -> None:
    ticket_id = desks.desk.open()
    email_id = deliver(desks, "<r2@client.example>", in_reply_to=f"<{ticket_id}@agency.example>", subject="Re: hi")
    assert status(desks, email_id) == (ROUTED, str(ticket_id))
    stranger = deliver(desks, "<r3@x.example>", sender="eve@x.example", in_reply_to=f"<{ticket_id}@agency.example>")
    assert status(desks, stranger) == (HELD, "")


def test_an_unknown_sender_is_held_then_placed_when_staff_release_it_to_a_client(desks: Desks) -> None:
    email_id = deliver(desks, "<u1@unknown.example>", sender="who@unknown.example", subject="Site down")
    assert status(desks, email_id) == (HELD, "")
    person = Requester(RequesterKind.CONTACT, "contact-new")
    InboundEmailCommands(desks.desk.app).release_to_client(at(desks.desk.agent), email_id, "client-acme", person)
    desks.run()
    ticket_id = ticket_id_for_message("<u1@unknown.example>")
    assert status(desks, email_id) == (ROUTED, str(ticket_id)) and desks.desk.get(ticket_id).client_id == "client-acme"


def test_an_email_with_nothing_to_say_on_a_ticket_is_held_with_the_reason(desks: Desks) -> None:
    ticket_id = desks.desk.open()
    to = reply_address(ticket_id, DESK.support_address, DESK.signing_secret)
    email_id = deliver(desks, "<e1@client.example>", recipients=(to,), text="  ")
    email = InboundEmailCommands(desks.desk.app).get(email_id)
    assert email.status == HELD


def test_a_sender_of_several_clients_is_held_for_staff_to_choose(desks: Desks) -> None:
    desks.people[ANA].append(Person("client-globex", "contact", "contact-ana-2", "Ana"))
    email_id = deliver(desks, "<s1@client.example>", subject="Question")
    assert status(desks, email_id) == (HELD, "")
