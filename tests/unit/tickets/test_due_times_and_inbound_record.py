"""The due times the desk records on a ticket, and the record of an inbound email (idempotent, held, released)."""

from __future__ import annotations

from datetime import datetime
from uuid import uuid4
from zoneinfo import ZoneInfo

import pytest

from domain.context import Actor
from domain.errors import InvalidInput, NotPermitted, RuleViolation
from domain.tickets import Requester, RequesterKind, SlaTerms, Ticket, TicketStatus
from domain.tickets.deadlines import sla_due_times
from domain.tickets.desk import desk_settings
from domain.tickets.inbound import reply_address, ticket_from_address
from domain.tickets.inbound_commands import InboundEmailCommands
from domain.tickets.inbound_email import HELD, RELEASED, ROUTED, InboundEmail, ReceivedEmail, inbound_email_id
from tests.unit.tickets.builders import MAILBOX, TIMER, Desk, at

LISBON = ZoneInfo("Europe/Lisbon")


def test_due_times_are_recorded_once_and_again_only_when_they_move(desk: Desk) -> None:
    ticket_id = desk.open()
    first, resolution = sla_due_times(desk.get(ticket_id), SlaTerms())
    assert first == datetime(2026, 3, 2, 17, 0, tzinfo=LISBON) and resolution is None
    assert desk.timers.record_due_times(at(TIMER, 1), ticket_id, first, None, 0) is not None
    assert desk.timers.record_due_times(at(TIMER, 2), ticket_id, first, None, 0) is None
    assert desk.topics(ticket_id)[-1] == Ticket.DueTimesChanged.TOPIC
    assert desk.get(ticket_id).due_times == [first, None]


def test_due_times_are_withdrawn_when_the_ticket_waits_on_the_client(desk: Desk) -> None:
    ticket_id = desk.in_status(TicketStatus.PENDING_CLIENT)
    assert sla_due_times(desk.get(ticket_id), SlaTerms()) == (None, None)


def test_only_the_desk_itself_records_due_times_when_a_person_tries(desk: Desk) -> None:
    ticket_id = desk.open()
    with pytest.raises(NotPermitted):
        desk.timers.record_due_times(at(desk.admin), ticket_id, None, None, 0)


def _email(message_id: str = "<m1@client.example>", **fields: object) -> ReceivedEmail:
    values: dict[str, object] = {"message_id": message_id, "sender": "ana@client.example", "subject": "Help"}
    values.update(fields)
    return ReceivedEmail(**values)  # type: ignore[arg-type]


def test_an_inbound_email_is_recorded_once_when_delivered_twice(desk: Desk) -> None:
    emails = InboundEmailCommands(desk.app)
    assert emails.receive(at(MAILBOX), _email()) is not None
    assert emails.receive(at(MAILBOX, 1), _email()) is None
    assert emails.get(inbound_email_id("m1@client.example")).sender == "ana@client.example"


def test_an_inbound_email_needs_a_message_id_and_a_sender_when_recorded(desk: Desk) -> None:
    emails = InboundEmailCommands(desk.app)
    with pytest.raises(InvalidInput):
        emails.receive(at(MAILBOX), _email(message_id=" "))
    with pytest.raises(InvalidInput):
        emails.receive(at(MAILBOX), _email(sender="nobody"))


def test_a_held_email_is_placed_by_staff_then_routed_once_when_released(desk: Desk) -> None:
    emails = InboundEmailCommands(desk.app)
    email_id = emails.receive(at(MAILBOX), _email()).id  # type: ignore[union-attr]
    assert emails.hold(at(MAILBOX), email_id, "unknown sender") is not None
    assert emails.hold(at(MAILBOX), email_id, "again") is None
    with pytest.raises(NotPermitted):
        emails.dismiss(at(desk.client), email_id, "spam")
    person = Requester(RequesterKind.CONTACT, "contact-9")
    emails.release_to_client(at(desk.agent), email_id, "client-acme", person)
    assert emails.get(email_id).status == RELEASED
    ticket_id = uuid4()
    assert emails.route(at(MAILBOX), email_id, ticket_id, "new_ticket", "staff") is not None
    assert emails.route(at(MAILBOX), email_id, ticket_id, "new_ticket", "staff") is None
    assert emails.get(email_id).status == ROUTED
    with pytest.raises(RuleViolation):
        emails.dismiss(at(desk.agent), email_id, "too late")


def test_a_held_email_is_released_to_a_ticket_or_a_client_not_both(desk: Desk) -> None:
    emails = InboundEmailCommands(desk.app)
    email_id = emails.receive(at(MAILBOX), _email()).id  # type: ignore[union-attr]
    emails.hold(at(MAILBOX), email_id, "unknown sender")
    email = emails.get(email_id)
    assert email.status == HELD
    with pytest.raises(InvalidInput):
        email.release(at(desk.agent), ticket_id=str(uuid4()), client_id="client-acme")
    with pytest.raises(NotPermitted):
        InboundEmail.receive(at(desk.agent), _email("<m2@x>"))
    assert Actor.system("x").role == "system"


def test_reply_addresses_signed_with_the_derived_secret_read_back_when_settings_are_built_twice() -> None:
    one = desk_settings(secret_key="k" * 20, support_address="Support <Help@Agency.example>")
    two = desk_settings(secret_key="k" * 20, support_address="help@agency.example")
    ticket_id = uuid4()
    address = reply_address(ticket_id, one.support_address, one.signing_secret)
    assert address.startswith("help+") and address.endswith("@agency.example")
    assert ticket_from_address(address, two.support_address, two.reply_secrets) == ticket_id
    other = desk_settings(secret_key="z" * 20, support_address="help@agency.example")
    assert ticket_from_address(address, other.support_address, other.reply_secrets) is None


def test_an_older_reply_secret_still_reads_addresses_when_rotated() -> None:
    old = desk_settings(secret_key="k", support_address="help@agency.example", reply_secrets="old-secret-0123456789")
    new = desk_settings(
        secret_key="k",
        support_address="help@agency.example",
        reply_secrets="new-secret-0123456789,old-secret-0123456789",
    )
    ticket_id = uuid4()
    address = reply_address(ticket_id, old.support_address, old.signing_secret)
    assert ticket_from_address(address, new.support_address, new.reply_secrets) == ticket_id
    with pytest.raises(ValueError, match="not an email address"):
        desk_settings(secret_key="k", support_address="nobody")
