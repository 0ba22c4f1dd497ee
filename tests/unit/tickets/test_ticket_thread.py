"""The thread: who sees which entry, staff replies and internal notes, messages and their attachments."""

from __future__ import annotations

from uuid import UUID

import pytest

from domain.errors import InvalidInput, NotPermitted
from domain.tickets import Attachment, ClientMessage, Requester, RequesterKind, Ticket, TicketStatus
from domain.tickets.thread import CLIENT_AND_STAFF, STAFF_ONLY, audience_of, visible_to_client
from tests.unit.tickets.builders import MAILBOX, Desk, at

S = TicketStatus
PDF = Attachment(name="screenshot.png", content_type="image/png", size=2048, sha256="ab" * 32)


def from_client(desk: Desk, text: str) -> ClientMessage:
    return ClientMessage(text=text, author=Requester(RequesterKind.CLIENT_USER, desk.client.id))


def test_internal_note_is_never_visible_to_the_client_when_recorded(desk: Desk) -> None:
    ticket_id = desk.in_status(S.IN_PROGRESS)
    desk.tickets.add_internal_note(at(desk.agent), ticket_id, "Client's host is flaky; do not mention it.", (PDF,))
    note = list(desk.app.events.get(ticket_id))[-1]
    assert isinstance(note, Ticket.InternalNoteAdded)
    assert not visible_to_client(note) and audience_of(note) == STAFF_ONLY
    assert "audience" not in note.__dict__  # a class property: no event can carry another value


def test_every_ticket_event_says_its_audience_when_defined() -> None:
    client_visible = {
        Ticket.Opened,
        Ticket.ClientReplied,
        Ticket.Reopened,
        Ticket.StaffReplied,
        Ticket.StatusChanged,
        Ticket.AutoClosed,
        Ticket.FollowUpOpened,
    }
    events = [
        v for k, v in vars(Ticket).items() if isinstance(v, type) and issubclass(v, Ticket.Event) and k != "Event"
    ]
    assert len(set(events)) == 15  # DueTimesChanged is staff only: a due time is the desk's business
    for event in events:
        assert audience_of(event) == (CLIENT_AND_STAFF if event in client_visible else STAFF_ONLY), event


def test_unmarked_object_counts_as_staff_only_when_asked_its_audience() -> None:
    assert not visible_to_client(object())
    assert audience_of(type("Odd", (), {"audience": "everyone"})) == STAFF_ONLY


def test_staff_reply_is_visible_to_the_client_and_sets_the_first_response_when_first(desk: Desk) -> None:
    ticket_id = desk.in_status(S.OPEN)
    desk.tickets.add_internal_note(at(desk.agent, 5), ticket_id, "Looking")
    assert desk.get(ticket_id).first_response_at is None
    desk.tickets.reply(at(desk.agent, 10), ticket_id, "We are on it.", (PDF,))
    desk.tickets.reply(at(desk.agent, 20), ticket_id, "Fixed.")
    ticket = desk.get(ticket_id)
    assert ticket.first_response_at == at(desk.agent, 10).now
    reply = [e for e in desk.app.events.get(ticket_id) if isinstance(e, Ticket.StaffReplied)][0]
    assert visible_to_client(reply) and reply.attachments == [PDF.as_data()]


def test_any_staff_member_may_add_a_note_when_the_ticket_is_assigned_to_someone_else(desk: Desk) -> None:
    ticket_id = desk.in_status(S.IN_PROGRESS)
    desk.tickets.add_internal_note(at(desk.colleague), ticket_id, "FYI: same issue on another site")
    assert desk.topics(ticket_id)[-1] == "baton.ticket.InternalNoteAdded"


def test_colleague_may_not_reply_when_the_ticket_is_assigned_to_someone_else(desk: Desk) -> None:
    ticket_id = desk.in_status(S.IN_PROGRESS)
    with pytest.raises(NotPermitted):
        desk.tickets.reply(at(desk.colleague), ticket_id, "Hello")


@pytest.mark.parametrize("role", ["client", "system"])
def test_internal_note_is_refused_when_not_written_by_staff(desk: Desk, role: str) -> None:
    ticket_id = desk.in_status(S.OPEN)
    actor = desk.client if role == "client" else MAILBOX
    with pytest.raises(NotPermitted):
        desk.tickets.add_internal_note(at(actor), ticket_id, "sneaky")
    with pytest.raises(NotPermitted):
        desk.tickets.reply(at(actor), ticket_id, "sneaky")


@pytest.mark.parametrize("text", ["", "  \n "])
def test_empty_message_is_refused_when_it_has_no_attachment(desk: Desk, text: str) -> None:
    ticket_id = desk.in_status(S.OPEN)
    with pytest.raises(InvalidInput, match="some text or an attachment"):
        desk.tickets.reply(at(desk.agent), ticket_id, text)
    with pytest.raises(InvalidInput):
        desk.tickets.reply_from_client(at(desk.client), ticket_id, from_client(desk, text))
    desk.tickets.reply(at(desk.agent), ticket_id, text, (PDF,))  # a file alone is a message


@pytest.mark.parametrize(
    ("attachment", "complaint"),
    [
        (Attachment("", "image/png", 1, "ab" * 32), "name"),
        (Attachment("a.png", "png", 1, "ab" * 32), "media type"),
        (Attachment("a.png", "image/png", -1, "ab" * 32), "whole number"),
        (Attachment("a.png", "image/png", 51 * 1024 * 1024, "ab" * 32), "larger than"),
        (Attachment("a.png", "image/png", 1, "xyz"), "SHA-256"),
    ],
)
def test_attachment_is_refused_when_its_description_is_wrong(
    desk: Desk, attachment: Attachment, complaint: str
) -> None:
    ticket_id = desk.in_status(S.OPEN)
    with pytest.raises(InvalidInput, match=complaint):
        desk.tickets.add_internal_note(at(desk.agent), ticket_id, "see file", (attachment,))


def test_ticket_loads_from_a_snapshot_when_its_thread_is_long(desk: Desk) -> None:
    ticket_id = desk.in_status(S.IN_PROGRESS)
    for minute in range(60):
        desk.tickets.add_internal_note(at(desk.agent, minute), ticket_id, f"step {minute}")
    desk.tickets.change_status(at(desk.agent, 61), ticket_id, S.PENDING_CLIENT)
    assert desk.app.snapshots is not None
    snapshots = list(desk.app.snapshots.get(ticket_id))
    assert snapshots and snapshots[-1].originator_version == 50
    ticket = desk.get(ticket_id)
    assert ticket.status is S.PENDING_CLIENT and ticket.clock_stops == [(at(desk.agent, 61).now, None)]
    assert ticket.assignee_id == desk.agent.id and isinstance(UUID(ticket.assignee_id), UUID)
