"""The deadlines a ticket's state implies, and what its timers record when they fire."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from uuid import UUID
from zoneinfo import ZoneInfo

import pytest

from domain.errors import NotPermitted
from domain.tickets import ClientMessage, Escalation, Priority, Requester, RequesterKind, Ticket, TicketStatus
from domain.tickets import deadlines as d
from domain.tickets.policy_commands import SlaPolicyCommands
from domain.tickets.sla import FIRST_RESPONSE, SlaTarget, SlaTerms
from tests.unit.tickets.builders import T0, TIMER, Desk, at

S = TicketStatus
LISBON = ZoneInfo("Europe/Lisbon")
TERMS = SlaTerms()


def local(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=LISBON)


def deadlines(desk: Desk, ticket_id: UUID, terms: SlaTerms = TERMS) -> dict[str, datetime]:
    return {x.purpose: x.due_at for x in d.ticket_deadlines(desk.get(ticket_id), terms)}


def timer_at(moment: datetime):
    return at(TIMER, when=moment)


def test_new_ticket_has_first_response_deadlines_when_opened(desk: Desk) -> None:
    ticket_id = desk.open()
    assert deadlines(desk, ticket_id) == {
        d.FIRST_RESPONSE_AT_RISK: local(3, 2, 15),
        d.FIRST_RESPONSE_BREACH: local(3, 2, 17),
    }


def test_sla_deadlines_are_withdrawn_while_waiting_on_the_client_when_paused(desk: Desk) -> None:
    ticket_id = desk.in_status(S.PENDING_CLIENT)
    assert deadlines(desk, ticket_id) == {}


def test_sla_deadlines_are_withdrawn_when_staff_have_replied(desk: Desk) -> None:
    ticket_id = desk.in_status(S.OPEN)
    desk.tickets.reply(at(desk.agent, 5), ticket_id, "Hello")
    assert deadlines(desk, ticket_id) == {}


def test_resolution_deadlines_appear_when_the_policy_sets_a_resolution_target(desk: Desk) -> None:
    terms = SlaTerms(resolution={Priority.NORMAL: SlaTarget(Decimal(2), "business_days")})  # type: ignore[arg-type]
    ticket_id = desk.open()
    found = deadlines(desk, ticket_id, terms)
    assert found[d.RESOLUTION_BREACH] == local(3, 3, 17) and found[d.RESOLUTION_AT_RISK] == local(3, 3, 13)


def test_resolved_ticket_has_an_auto_close_deadline_after_seven_days_when_resolved(desk: Desk) -> None:
    ticket_id = desk.in_status(S.RESOLVED, minutes=30)
    assert deadlines(desk, ticket_id) == {d.AUTO_CLOSE: T0 + timedelta(days=7, minutes=30)}


def test_unacknowledged_escalation_has_a_reminder_after_two_business_hours_when_escalated(desk: Desk) -> None:
    ticket_id = desk.in_status(S.IN_PROGRESS)
    desk.tickets.reply(at(desk.agent, 5), ticket_id, "Checking")
    desk.tickets.escalate(at(desk.agent, 60 * 7), ticket_id, Escalation(UUID(desk.admin.id), "Refund?"))
    assert deadlines(desk, ticket_id) == {d.ESCALATION_REMINDER: local(3, 3, 10)}  # 16:00 + 2 business hours
    desk.tickets.acknowledge_escalation(at(desk.admin, 60 * 8), ticket_id)
    assert deadlines(desk, ticket_id) == {}


def test_breach_is_recorded_once_with_its_figures_when_the_timer_fires_at_the_due_time(desk: Desk) -> None:
    ticket_id = desk.open()
    result = desk.timers.record_breach(timer_at(local(3, 2, 17)), ticket_id, FIRST_RESPONSE, "deadline:1@x")
    assert result is not None
    event = list(desk.app.events.get(ticket_id))[-1]
    assert isinstance(event, Ticket.SlaBreached)
    assert (event.target, event.priority, event.due_at, event.key) == (
        "first_response",
        "normal",
        local(3, 2, 17),
        "deadline:1@x",
    )
    assert (event.target_minutes, event.elapsed_minutes, event.policy_version) == (
        Decimal("480.00"),
        Decimal("480.00"),
        0,
    )
    assert desk.timers.record_breach(timer_at(local(3, 2, 18)), ticket_id, FIRST_RESPONSE, "deadline:1@y") is None
    assert d.FIRST_RESPONSE_BREACH not in deadlines(desk, ticket_id)


def test_breach_timer_records_nothing_when_it_fires_before_the_due_time(desk: Desk) -> None:
    ticket_id = desk.open()
    version = desk.get(ticket_id).version
    assert desk.timers.record_breach(timer_at(local(3, 2, 16, 59)), ticket_id, FIRST_RESPONSE, "k") is None
    assert desk.get(ticket_id).version == version


def test_breach_timer_records_nothing_when_the_ticket_waits_on_the_client(desk: Desk) -> None:
    ticket_id = desk.in_status(S.PENDING_CLIENT)
    assert desk.timers.record_breach(timer_at(local(3, 9, 12)), ticket_id, FIRST_RESPONSE, "k") is None


def test_breach_timer_records_nothing_when_staff_answered_in_time(desk: Desk) -> None:
    ticket_id = desk.in_status(S.OPEN)
    desk.tickets.reply(at(desk.agent, 10), ticket_id, "Hi")
    assert desk.timers.record_breach(timer_at(local(3, 2, 17)), ticket_id, FIRST_RESPONSE, "k") is None


def test_at_risk_is_marked_once_when_most_of_the_target_is_used(desk: Desk) -> None:
    ticket_id = desk.open()
    assert desk.timers.mark_at_risk(timer_at(local(3, 2, 14)), ticket_id, FIRST_RESPONSE, "k") is None
    assert desk.timers.mark_at_risk(timer_at(local(3, 2, 15)), ticket_id, FIRST_RESPONSE, "k") is not None
    assert desk.timers.mark_at_risk(timer_at(local(3, 2, 15, 1)), ticket_id, FIRST_RESPONSE, "k") is None
    event = list(desk.app.events.get(ticket_id))[-1]
    assert isinstance(event, Ticket.SlaAtRisk) and event.due_at == local(3, 2, 17)
    assert set(deadlines(desk, ticket_id)) == {d.FIRST_RESPONSE_BREACH}


def test_priority_change_allows_new_sla_marks_when_the_targets_changed(desk: Desk) -> None:
    ticket_id = desk.in_status(S.OPEN)
    desk.timers.mark_at_risk(timer_at(local(3, 2, 15)), ticket_id, FIRST_RESPONSE, "k")
    desk.tickets.change_priority(at(desk.agent, 60 * 6 + 1), ticket_id, Priority.LOW, reason="Cosmetic")
    assert desk.get(ticket_id).sla_marks == []
    assert deadlines(desk, ticket_id)[d.FIRST_RESPONSE_AT_RISK] == local(3, 3, 13)


def test_revised_policy_decides_the_breach_when_an_admin_shortened_the_target(desk: Desk) -> None:
    urgent_two_hours = dict(SlaTerms().first_response) | {Priority.NORMAL: SlaTarget(Decimal(2))}
    SlaPolicyCommands(desk.app).revise(at(desk.admin), SlaTerms(first_response=urgent_two_hours))
    ticket_id = desk.open()
    assert desk.timers.record_breach(timer_at(local(3, 2, 11)), ticket_id, FIRST_RESPONSE, "k") is not None
    event = list(desk.app.events.get(ticket_id))[-1]
    assert isinstance(event, Ticket.SlaBreached) and event.policy_version == 2 and event.target_minutes == 120


@pytest.mark.parametrize("actor", ["agent", "admin", "client"])
def test_timer_commands_are_refused_when_a_person_calls_them(desk: Desk, actor: str) -> None:
    ticket_id = desk.in_status(S.RESOLVED)
    person = getattr(desk, actor)
    later = at(person, when=T0 + timedelta(days=8))
    with pytest.raises(NotPermitted):
        desk.timers.auto_close(later, ticket_id, "k")
    with pytest.raises(NotPermitted):
        desk.timers.record_breach(later, ticket_id, FIRST_RESPONSE, "k")
    with pytest.raises(NotPermitted):
        desk.timers.mark_at_risk(later, ticket_id, FIRST_RESPONSE, "k")


def test_auto_close_closes_once_when_the_ticket_stayed_resolved_for_seven_days(desk: Desk) -> None:
    ticket_id = desk.in_status(S.RESOLVED)
    assert desk.timers.auto_close(timer_at(T0 + timedelta(days=7)), ticket_id, "deadline:a@1") is not None
    ticket = desk.get(ticket_id)
    assert ticket.status is S.CLOSED
    event = list(desk.app.events.get(ticket_id))[-1]
    assert isinstance(event, Ticket.AutoClosed) and (event.key, event.resolved_at) == ("deadline:a@1", T0)
    assert desk.timers.auto_close(timer_at(T0 + timedelta(days=7, minutes=1)), ticket_id, "deadline:a@1") is None
    assert desk.get(ticket_id).version == ticket.version


def test_auto_close_does_nothing_when_fired_early(desk: Desk) -> None:
    ticket_id = desk.in_status(S.RESOLVED)
    assert desk.timers.auto_close(timer_at(T0 + timedelta(days=6, hours=23)), ticket_id, "k") is None
    assert desk.get(ticket_id).status is S.RESOLVED


def test_auto_close_does_nothing_when_the_client_reopened_the_ticket(desk: Desk) -> None:
    ticket_id = desk.in_status(S.RESOLVED)
    message = ClientMessage("Not fixed", Requester(RequesterKind.CLIENT_USER, desk.client.id))
    desk.tickets.reply_from_client(at(desk.client, 60), ticket_id, message)
    assert desk.timers.auto_close(timer_at(T0 + timedelta(days=8)), ticket_id, "k") is None
    assert desk.get(ticket_id).status is S.OPEN


def test_auto_close_waits_for_the_latest_resolution_when_resolved_again(desk: Desk) -> None:
    ticket_id = desk.in_status(S.RESOLVED)
    desk.tickets.change_status(at(desk.agent, 60), ticket_id, S.IN_PROGRESS)
    desk.tickets.change_status(at(desk.agent, 60 * 24 * 3), ticket_id, S.RESOLVED)
    assert desk.timers.auto_close(timer_at(T0 + timedelta(days=7)), ticket_id, "old") is None
    assert desk.timers.auto_close(timer_at(T0 + timedelta(days=10)), ticket_id, "new") is not None


def test_unknown_sla_target_is_refused_when_a_timer_names_it(desk: Desk) -> None:
    ticket_id = desk.open()
    with pytest.raises(ValueError, match="Unknown SLA target"):
        desk.timers.record_breach(timer_at(local(3, 2, 17)), ticket_id, "lunch", "k")
