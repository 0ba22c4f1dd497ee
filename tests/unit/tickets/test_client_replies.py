"""A client's messages: reopening, follow-ups after closing, repeated emails, and who may write as the client."""

from __future__ import annotations

import pytest

from domain.errors import InvalidInput, NotPermitted
from domain.tickets import ClientMessage, Requester, RequesterKind, Ticket, TicketStatus
from domain.tickets.inbound import ticket_id_for_message
from domain.tickets.workflow import REOPENED_BY_CLIENT_REPLY
from domain.users import Role
from tests.unit.tickets.builders import MAILBOX, OTHER_CLIENT, Desk, at

S = TicketStatus


def from_client(desk: Desk, text: str = "Still broken") -> ClientMessage:
    return ClientMessage(text=text, author=Requester(RequesterKind.CLIENT_USER, desk.client.id))


def by_email(text: str = "Still broken", message_id: str = "<m1@mail.example>") -> ClientMessage:
    return ClientMessage(text=text, author=Requester(RequesterKind.CONTACT, "contact-1"), message_id=message_id)


@pytest.mark.parametrize("start", sorted(REOPENED_BY_CLIENT_REPLY))
def test_client_reply_reopens_and_names_the_assignee_when_the_ticket_waited_or_was_resolved(
    desk: Desk, start: TicketStatus
) -> None:
    ticket_id = desk.in_status(start)
    desk.tickets.reply_from_client(at(desk.client, 60), ticket_id, from_client(desk))
    ticket = desk.get(ticket_id)
    assert ticket.status is S.OPEN and ticket.reopen_count == 1
    reopened = list(desk.app.events.get(ticket_id))[-1]
    assert isinstance(reopened, Ticket.Reopened)
    assert (reopened.from_status, reopened.assignee_id) == (start.value, desk.agent.id)


@pytest.mark.parametrize("start", [S.OPEN, S.IN_PROGRESS])
def test_client_reply_keeps_the_status_when_staff_owe_the_answer(desk: Desk, start: TicketStatus) -> None:
    ticket_id = desk.in_status(start)
    desk.tickets.reply_from_client(at(desk.client, 60), ticket_id, from_client(desk))
    assert desk.get(ticket_id).status is start
    assert desk.topics(ticket_id)[-1] == "baton.ticket.ClientReplied"
    assert desk.get(ticket_id).last_activity_at == at(desk.client, 60).now


def test_client_reply_opens_a_linked_follow_up_when_the_ticket_is_closed(desk: Desk) -> None:
    old_id = desk.in_status(S.CLOSED)
    result = desk.tickets.reply_from_client(at(desk.client, 90), old_id, from_client(desk, "It broke again"))
    assert result is not None and result.id != old_id
    follow_up, old = desk.get(result.id), desk.get(old_id)
    assert follow_up.status is S.OPEN and follow_up.client_id == old.client_id
    assert follow_up.subject == old.subject
    opened = list(desk.app.events.get(result.id))[0]
    assert isinstance(opened, Ticket.Opened)
    assert (opened.follows_up, opened.message) == (str(old_id), "It broke again")
    assert old.status is S.CLOSED and old.follow_up_ids == [str(result.id)]
    assert desk.topics(old_id)[-1] == "baton.ticket.FollowUpOpened"


def test_same_email_changes_nothing_when_delivered_twice(desk: Desk) -> None:
    ticket_id = desk.in_status(S.PENDING_CLIENT)
    first = desk.tickets.reply_from_client(at(MAILBOX, 5), ticket_id, by_email())
    version = desk.get(ticket_id).version
    again = desk.tickets.reply_from_client(at(MAILBOX, 6), ticket_id, by_email())
    assert first is not None and again is None
    assert desk.get(ticket_id).version == version


def test_same_email_opens_one_follow_up_when_delivered_twice_after_closing(desk: Desk) -> None:
    old_id = desk.in_status(S.CLOSED)
    first = desk.tickets.reply_from_client(at(MAILBOX, 5), old_id, by_email(message_id="<again@x>"))
    again = desk.tickets.reply_from_client(at(MAILBOX, 6), old_id, by_email(message_id="<again@x>"))
    assert first is not None and first.id == ticket_id_for_message("<again@x>")
    assert again is None
    assert desk.get(old_id).follow_up_ids == [str(first.id)]


def test_email_already_on_the_ticket_opens_no_follow_up_when_redelivered_after_closing(desk: Desk) -> None:
    ticket_id = desk.in_status(S.IN_PROGRESS)
    desk.tickets.reply_from_client(at(MAILBOX, 5), ticket_id, by_email(message_id="<early@x>"))
    desk.tickets.change_status(at(desk.admin, 6), ticket_id, S.CLOSED)
    assert desk.tickets.reply_from_client(at(MAILBOX, 7), ticket_id, by_email(message_id="<early@x>")) is None
    assert desk.get(ticket_id).follow_up_ids == []


def test_client_user_may_not_write_when_the_ticket_belongs_to_another_organisation(desk: Desk) -> None:
    stranger = desk.person(Role.CLIENT, OTHER_CLIENT)
    ticket_id = desk.in_status(S.OPEN)
    message = ClientMessage(text="hi", author=Requester(RequesterKind.CLIENT_USER, stranger.id))
    with pytest.raises(NotPermitted, match="own organisation"):
        desk.tickets.reply_from_client(at(stranger), ticket_id, message)


def test_client_user_may_not_write_in_someone_elses_name_when_replying(desk: Desk) -> None:
    ticket_id = desk.in_status(S.OPEN)
    message = ClientMessage(text="hi", author=Requester(RequesterKind.CONTACT, "contact-9"))
    with pytest.raises(NotPermitted, match="own name"):
        desk.tickets.reply_from_client(at(desk.client), ticket_id, message)


def test_staff_may_not_write_as_the_client_when_replying(desk: Desk) -> None:
    ticket_id = desk.in_status(S.OPEN)
    with pytest.raises(NotPermitted, match="Only the client"):
        desk.tickets.reply_from_client(at(desk.agent), ticket_id, by_email())


def test_empty_message_opens_no_follow_up_when_the_ticket_is_closed(desk: Desk) -> None:
    ticket_id = desk.in_status(S.CLOSED)
    with pytest.raises(InvalidInput):
        desk.tickets.reply_from_client(at(desk.client), ticket_id, from_client(desk, " "))
    assert desk.get(ticket_id).follow_up_ids == []
