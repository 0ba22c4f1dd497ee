"""Assignment, priority changes and escalation to an admin."""

from __future__ import annotations

from uuid import UUID, uuid4

import pytest

from domain.errors import InvalidInput, NotPermitted, RuleViolation
from domain.tickets import Escalation, Priority, Ticket, TicketStatus
from domain.tickets.errors import NotStaff
from domain.users import Role
from tests.unit.tickets.builders import Desk, at

S = TicketStatus


def test_employee_takes_an_unassigned_ticket_when_assigning_it_to_themselves(desk: Desk) -> None:
    ticket_id = desk.open()
    desk.tickets.assign(at(desk.agent), ticket_id, UUID(desk.agent.id))
    event = list(desk.app.events.get(ticket_id))[-1]
    assert isinstance(event, Ticket.Assigned) and (event.from_assignee, event.to_assignee) == ("", desk.agent.id)
    assert desk.get(ticket_id).assignee_id == desk.agent.id


def test_assignee_hands_the_ticket_to_a_colleague_when_reassigning(desk: Desk) -> None:
    ticket_id = desk.in_status(S.IN_PROGRESS)
    desk.tickets.assign(at(desk.agent), ticket_id, UUID(desk.colleague.id))
    assert desk.get(ticket_id).assignee_id == desk.colleague.id


def test_employee_may_not_take_a_ticket_when_it_is_assigned_to_a_colleague(desk: Desk) -> None:
    ticket_id = desk.in_status(S.IN_PROGRESS)
    with pytest.raises(NotPermitted):
        desk.tickets.assign(at(desk.colleague), ticket_id, UUID(desk.colleague.id))


@pytest.mark.parametrize("who", ["client", "unknown", "deactivated"])
def test_assignment_is_refused_when_the_assignee_is_not_an_active_staff_member(desk: Desk, who: str) -> None:
    ticket_id = desk.open()
    if who == "client":
        target = UUID(desk.client.id)
    elif who == "unknown":
        target = uuid4()
    else:
        target = UUID(desk.person(Role.EMPLOYEE).id)
        desk.users.deactivate(at(desk.admin), target)
    with pytest.raises(NotStaff):
        desk.tickets.assign(at(desk.admin), ticket_id, target)


def test_assignment_is_refused_when_the_ticket_already_has_that_assignee(desk: Desk) -> None:
    ticket_id = desk.in_status(S.OPEN)
    with pytest.raises(RuleViolation, match="already assigned"):
        desk.tickets.assign(at(desk.agent), ticket_id, UUID(desk.agent.id))


def test_client_may_not_assign_when_acting_as_a_client(desk: Desk) -> None:
    ticket_id = desk.open()
    with pytest.raises(NotPermitted):
        desk.tickets.assign(at(desk.client), ticket_id, UUID(desk.agent.id))


def test_priority_is_raised_without_a_reason_when_made_more_pressing(desk: Desk) -> None:
    ticket_id = desk.in_status(S.OPEN)
    desk.tickets.change_priority(at(desk.agent), ticket_id, Priority.HIGH)
    assert desk.get(ticket_id).priority is Priority.HIGH


def test_lowering_an_urgent_ticket_is_refused_when_no_reason_is_given(desk: Desk) -> None:
    ticket_id = desk.open(subject="Site down")
    with pytest.raises(InvalidInput, match="needs a reason"):
        desk.tickets.change_priority(at(desk.agent), ticket_id, Priority.NORMAL, reason=" ")
    desk.tickets.change_priority(at(desk.agent), ticket_id, Priority.NORMAL, reason="Only the staging site")
    event = list(desk.app.events.get(ticket_id))[-1]
    assert isinstance(event, Ticket.PriorityChanged)
    assert (event.from_priority, event.to_priority, event.reason) == ("urgent", "normal", "Only the staging site")


def test_priority_change_is_refused_when_it_is_the_same_priority(desk: Desk) -> None:
    ticket_id = desk.in_status(S.OPEN)
    with pytest.raises(RuleViolation, match="already has priority"):
        desk.tickets.change_priority(at(desk.agent), ticket_id, Priority.NORMAL)


def test_client_may_not_change_the_priority_when_acting_as_a_client(desk: Desk) -> None:
    ticket_id = desk.open()
    with pytest.raises(NotPermitted):
        desk.tickets.change_priority(at(desk.client), ticket_id, Priority.HIGH)


def escalation(desk: Desk, to: str | None = None) -> Escalation:
    return Escalation(
        to_admin=UUID(to or desk.admin.id), reason="Client asks for a refund", tried="Explained the terms"
    )


def test_escalation_reassigns_to_the_admin_and_awaits_acknowledgement_when_escalated(desk: Desk) -> None:
    ticket_id = desk.in_status(S.IN_PROGRESS)
    desk.tickets.escalate(at(desk.agent, 10), ticket_id, escalation(desk))
    ticket = desk.get(ticket_id)
    assert (ticket.assignee_id, ticket.escalated_to, ticket.escalation_acknowledged) == (
        desk.admin.id,
        desk.admin.id,
        False,
    )
    assert ticket.escalated_at == at(desk.agent, 10).now
    event = list(desk.app.events.get(ticket_id))[-1]
    assert isinstance(event, Ticket.Escalated)
    assert (event.from_assignee, event.reason, event.tried) == (
        desk.agent.id,
        "Client asks for a refund",
        "Explained the terms",
    )


def test_escalation_is_refused_when_the_target_is_not_an_admin(desk: Desk) -> None:
    ticket_id = desk.in_status(S.IN_PROGRESS)
    with pytest.raises(NotStaff, match="admin"):
        desk.tickets.escalate(at(desk.agent), ticket_id, escalation(desk, desk.colleague.id))


def test_escalation_is_refused_when_no_reason_is_given(desk: Desk) -> None:
    ticket_id = desk.in_status(S.IN_PROGRESS)
    with pytest.raises(InvalidInput, match="reason"):
        desk.tickets.escalate(at(desk.agent), ticket_id, Escalation(UUID(desk.admin.id), " "))


def test_escalation_is_refused_when_already_awaiting_the_same_admin(desk: Desk) -> None:
    ticket_id = desk.in_status(S.IN_PROGRESS)
    desk.tickets.escalate(at(desk.agent), ticket_id, escalation(desk))
    other_admin = desk.person(Role.ADMIN)
    with pytest.raises(RuleViolation, match="already escalated"):
        desk.tickets.escalate(at(other_admin), ticket_id, escalation(desk))


def test_only_the_admin_escalated_to_acknowledges_when_asked(desk: Desk) -> None:
    ticket_id = desk.in_status(S.IN_PROGRESS)
    desk.tickets.escalate(at(desk.agent), ticket_id, escalation(desk))
    other_admin = desk.person(Role.ADMIN)
    for stranger in (other_admin, desk.agent, desk.client):
        with pytest.raises(NotPermitted):
            desk.tickets.acknowledge_escalation(at(stranger), ticket_id)
    desk.tickets.acknowledge_escalation(at(desk.admin), ticket_id)
    assert desk.get(ticket_id).escalation_acknowledged
    with pytest.raises(RuleViolation, match="no escalation awaiting"):
        desk.tickets.acknowledge_escalation(at(desk.admin), ticket_id)


def test_escalation_is_refused_when_the_employee_is_not_the_assignee(desk: Desk) -> None:
    ticket_id = desk.in_status(S.IN_PROGRESS)
    with pytest.raises(NotPermitted):
        desk.tickets.escalate(at(desk.colleague), ticket_id, escalation(desk))
