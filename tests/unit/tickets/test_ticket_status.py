"""Who may move a ticket to which status, and what a refused move says."""

from __future__ import annotations

from uuid import UUID

import pytest

from domain.errors import InvalidTransition, NotPermitted
from domain.tickets import Ticket, TicketStatus
from domain.tickets.workflow import allowed_moves
from tests.unit.tickets.builders import TIMER, Desk, at

S = TicketStatus
STAFF_MOVES = {
    (S.OPEN, S.IN_PROGRESS),
    (S.OPEN, S.PENDING_CLIENT),
    (S.OPEN, S.RESOLVED),
    (S.IN_PROGRESS, S.PENDING_CLIENT),
    (S.IN_PROGRESS, S.RESOLVED),
    (S.PENDING_CLIENT, S.IN_PROGRESS),
    (S.PENDING_CLIENT, S.RESOLVED),
    (S.RESOLVED, S.IN_PROGRESS),
}
ADMIN_MOVES = STAFF_MOVES | {(s, S.CLOSED) for s in S if s is not S.CLOSED}
ALL_PAIRS = [(a, b) for a in S for b in S]


@pytest.mark.parametrize(("start", "to"), sorted(STAFF_MOVES))
def test_assigned_employee_moves_the_ticket_when_the_move_is_a_staff_move(
    desk: Desk, start: TicketStatus, to: TicketStatus
) -> None:
    ticket_id = desk.in_status(start)
    desk.tickets.change_status(at(desk.agent), ticket_id, to)
    assert desk.get(ticket_id).status is to
    assert desk.topics(ticket_id)[-1] == "baton.ticket.StatusChanged"


@pytest.mark.parametrize(("start", "to"), sorted(ADMIN_MOVES))
def test_admin_moves_the_ticket_when_the_move_is_allowed_to_admins(
    desk: Desk, start: TicketStatus, to: TicketStatus
) -> None:
    ticket_id = desk.in_status(start)
    desk.tickets.change_status(at(desk.admin), ticket_id, to)
    assert desk.get(ticket_id).status is to


@pytest.mark.parametrize(("start", "to"), [p for p in ALL_PAIRS if p not in ADMIN_MOVES])
def test_move_is_refused_naming_current_and_allowed_statuses_when_not_in_the_workflow(
    desk: Desk, start: TicketStatus, to: TicketStatus
) -> None:
    ticket_id = desk.in_status(start)
    version = desk.get(ticket_id).version
    with pytest.raises(InvalidTransition) as refused:
        desk.tickets.change_status(at(desk.admin), ticket_id, to)
    message = str(refused.value)
    assert f"from '{start}' to '{to}'" in message
    if start is S.CLOSED:
        assert "final" in message and "follow-up" in message
    else:
        for allowed in allowed_moves(start, "admin"):
            assert f"'{allowed}'" in message
    assert desk.get(ticket_id).version == version


@pytest.mark.parametrize("start", [s for s in S if s is not S.CLOSED])
def test_employee_may_not_close_a_ticket_when_not_an_admin(desk: Desk, start: TicketStatus) -> None:
    ticket_id = desk.in_status(start)
    with pytest.raises(NotPermitted, match="Only an admin"):
        desk.tickets.change_status(at(desk.agent), ticket_id, S.CLOSED)
    assert desk.get(ticket_id).status is start


@pytest.mark.parametrize("to", list(S))
def test_client_may_not_change_the_status_when_acting_as_a_client(desk: Desk, to: TicketStatus) -> None:
    ticket_id = desk.in_status(S.IN_PROGRESS)
    with pytest.raises(NotPermitted, match="Only staff"):
        desk.tickets.change_status(at(desk.client), ticket_id, to)


def test_baton_itself_may_not_change_the_status_by_hand_when_acting_as_a_timer(desk: Desk) -> None:
    ticket_id = desk.in_status(S.OPEN)
    with pytest.raises(NotPermitted):
        desk.tickets.change_status(at(TIMER), ticket_id, S.IN_PROGRESS)


def test_employee_may_not_move_a_colleagues_ticket_when_it_is_assigned_to_the_colleague(desk: Desk) -> None:
    ticket_id = desk.in_status(S.OPEN)
    with pytest.raises(NotPermitted, match="assigned to someone else"):
        desk.tickets.change_status(at(desk.colleague), ticket_id, S.IN_PROGRESS)
    assert desk.get(ticket_id).status is S.OPEN


def test_employee_may_move_an_unassigned_ticket_when_picking_it_up(desk: Desk) -> None:
    ticket_id = desk.open()
    desk.tickets.change_status(at(desk.colleague), ticket_id, S.IN_PROGRESS)
    assert desk.get(ticket_id).status is S.IN_PROGRESS


def test_admin_may_move_any_ticket_when_it_is_assigned_to_an_employee(desk: Desk) -> None:
    ticket_id = desk.in_status(S.OPEN)
    desk.tickets.change_status(at(desk.admin), ticket_id, S.RESOLVED)
    assert desk.get(ticket_id).status is S.RESOLVED


def test_status_change_records_the_resolution_time_when_resolved(desk: Desk) -> None:
    ticket_id = desk.in_status(S.IN_PROGRESS)
    desk.tickets.change_status(at(desk.agent, 30), ticket_id, S.RESOLVED)
    ticket = desk.get(ticket_id)
    assert ticket.resolved_at == at(desk.agent, 30).now
    assert ticket.last_activity_at == at(desk.agent, 30).now


def test_new_ticket_starts_open_when_opened(desk: Desk) -> None:
    ticket = desk.get(desk.open())
    assert ticket.status is S.OPEN
    assert isinstance(ticket, Ticket) and ticket.assignee_id == ""


def test_closed_ticket_refuses_replies_notes_and_assignment_when_locked(desk: Desk) -> None:
    from domain.tickets.errors import TicketClosed

    ticket_id = desk.in_status(S.CLOSED)
    with pytest.raises(TicketClosed):
        desk.tickets.reply(at(desk.admin), ticket_id, "One more thing")
    with pytest.raises(TicketClosed):
        desk.tickets.add_internal_note(at(desk.admin), ticket_id, "note")
    with pytest.raises(TicketClosed):
        desk.tickets.assign(at(desk.admin), ticket_id, UUID(desk.colleague.id))
