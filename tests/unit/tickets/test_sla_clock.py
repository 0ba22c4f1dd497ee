"""A ticket's first-response and resolution clocks: due, at risk, breached, met, paused."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from uuid import UUID
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.tickets import BusinessCalendar, ClientMessage, Priority, Requester, RequesterKind, TicketStatus
from domain.tickets.deadlines import clock_of
from domain.tickets.sla import FIRST_RESPONSE, RESOLUTION, SlaTarget, SlaTerms, TargetUnit
from domain.tickets.sla_clock import read_clock
from tests.unit.tickets.builders import T0, Desk, at

S = TicketStatus
LISBON = ZoneInfo("Europe/Lisbon")
TERMS = SlaTerms()
H = timedelta(hours=1)


def local(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=LISBON)


def minutes_after_t0(moment: datetime) -> float:
    return (moment - T0).total_seconds() / 60


def reading(desk: Desk, ticket_id: UUID, as_of: datetime, kind: str = FIRST_RESPONSE, terms: SlaTerms = TERMS):
    found = clock_of(desk.get(ticket_id), kind, terms, as_of)
    assert found is not None
    return found


@pytest.mark.parametrize(
    ("priority", "due", "at_risk"),
    [
        (Priority.URGENT, local(3, 2, 10), local(3, 2, 9, 45)),
        (Priority.HIGH, local(3, 2, 13), local(3, 2, 12)),
        (Priority.NORMAL, local(3, 2, 17), local(3, 2, 15)),
        (Priority.LOW, local(3, 3, 17), local(3, 3, 13)),
    ],
)
def test_first_response_is_due_after_the_priority_target_when_opened_at_opening_time(
    desk: Desk, priority: Priority, due: datetime, at_risk: datetime
) -> None:
    ticket_id = desk.open(desk.agent, priority=priority)
    clock = reading(desk, ticket_id, T0)
    assert (clock.due_at, clock.at_risk_at) == (due, at_risk)
    assert clock.state == "ok" and clock.running


def test_first_response_counts_from_the_next_opening_when_opened_out_of_hours(desk: Desk) -> None:
    friday_evening = minutes_after_t0(local(3, 6, 16, 30))
    ticket_id = desk.open(desk.agent, minutes=friday_evening, priority=Priority.URGENT)
    assert reading(desk, ticket_id, local(3, 6, 16, 30)).due_at == local(3, 9, 9, 30)


def test_clock_reads_at_risk_then_breached_when_no_one_answers(desk: Desk) -> None:
    ticket_id = desk.open()
    assert reading(desk, ticket_id, local(3, 2, 14, 59)).state == "ok"
    assert reading(desk, ticket_id, local(3, 2, 15)).state == "at_risk"
    assert reading(desk, ticket_id, local(3, 2, 16, 59)).state == "at_risk"
    breached = reading(desk, ticket_id, local(3, 2, 17))
    assert breached.state == "breached" and breached.breached and breached.remaining == timedelta(0)


def test_first_response_is_met_when_staff_reply_before_the_due_time(desk: Desk) -> None:
    ticket_id = desk.open()
    desk.tickets.reply(at(desk.agent, 90), ticket_id, "On it")
    clock = reading(desk, ticket_id, local(3, 5, 12))
    assert clock.state == "met" and not clock.running
    assert clock.elapsed == timedelta(minutes=90) and clock.elapsed_minutes == Decimal("90.00")


def test_first_response_is_met_when_staff_reply_exactly_at_the_due_time(desk: Desk) -> None:
    ticket_id = desk.open()
    desk.tickets.reply(at(desk.agent, minutes_after_t0(local(3, 2, 17))), ticket_id, "Just in time")
    clock = reading(desk, ticket_id, local(3, 3, 12))
    assert clock.state == "met" and clock.elapsed == clock.target


def test_first_response_stays_breached_when_staff_reply_after_the_due_time(desk: Desk) -> None:
    ticket_id = desk.open()
    desk.tickets.reply(at(desk.agent, minutes_after_t0(local(3, 3, 10))), ticket_id, "Sorry for the wait")
    clock = reading(desk, ticket_id, local(3, 4, 12))
    assert clock.state == "breached" and clock.elapsed == 9 * H


def test_internal_note_does_not_stop_the_clock_when_it_is_the_only_staff_entry(desk: Desk) -> None:
    ticket_id = desk.in_status(S.OPEN)
    desk.tickets.add_internal_note(at(desk.agent, 10), ticket_id, "Checking logs")
    assert reading(desk, ticket_id, local(3, 2, 17)).state == "breached"


def test_clock_pauses_while_waiting_on_the_client_and_moves_the_due_time_when_it_resumes(desk: Desk) -> None:
    # Opened Monday 09:00 (normal: 8h). Waiting on the client from 10:00 Monday to 11:00 Tuesday.
    ticket_id = desk.in_status(S.OPEN)
    desk.tickets.change_status(at(desk.agent, 60), ticket_id, S.PENDING_CLIENT)
    paused = reading(desk, ticket_id, local(3, 3, 10))
    assert paused.paused and paused.due_at is None and paused.elapsed == 1 * H and paused.state == "ok"
    message = ClientMessage("Here are the details", Requester(RequesterKind.CLIENT_USER, desk.client.id))
    desk.tickets.reply_from_client(at(desk.client, minutes_after_t0(local(3, 3, 11))), ticket_id, message)
    resumed = reading(desk, ticket_id, local(3, 3, 11))
    # 7h left from Tuesday 11:00: 6h on Tuesday, 1h on Wednesday.
    assert resumed.running and resumed.due_at == local(3, 4, 10)
    assert resumed.elapsed == 1 * H


def test_priority_change_moves_the_due_time_when_the_target_changes(desk: Desk) -> None:
    ticket_id = desk.in_status(S.OPEN)
    desk.tickets.change_priority(at(desk.agent, 30), ticket_id, Priority.HIGH)
    assert reading(desk, ticket_id, local(3, 2, 10)).due_at == local(3, 2, 13)


def test_resolution_clock_has_no_target_when_the_policy_sets_none(desk: Desk) -> None:
    assert clock_of(desk.get(desk.open()), RESOLUTION, TERMS, T0) is None


def test_resolution_clock_stops_when_resolved_and_resumes_when_reopened(desk: Desk) -> None:
    terms = SlaTerms(resolution={Priority.NORMAL: SlaTarget(Decimal(3), TargetUnit.BUSINESS_DAYS)})
    ticket_id = desk.in_status(S.IN_PROGRESS)
    desk.tickets.change_status(at(desk.agent, 120), ticket_id, S.RESOLVED)
    resolved = reading(desk, ticket_id, local(3, 9, 9), RESOLUTION, terms)
    assert resolved.state == "met" and resolved.elapsed == 2 * H
    message = ClientMessage("Not fixed", Requester(RequesterKind.CLIENT_USER, desk.client.id))
    desk.tickets.reply_from_client(at(desk.client, minutes_after_t0(local(3, 3, 9))), ticket_id, message)
    reopened = reading(desk, ticket_id, local(3, 3, 12), RESOLUTION, terms)
    assert reopened.running and reopened.elapsed == 5 * H
    # 24h target, 2h used on Monday; 22h from Tuesday 09:00: 8h Tuesday, 8h Wednesday, 6h Thursday.
    assert reopened.due_at == local(3, 5, 15)


# -- the pause property, on the pure clock ------------------------------------------

CALENDAR = BusinessCalendar()
opened = st.datetimes(min_value=datetime(2026, 1, 5), max_value=datetime(2026, 12, 20), timezones=st.just(UTC))
targets = st.sampled_from([1 * H, 4 * H, 8 * H, 16 * H])
offsets = st.integers(min_value=0, max_value=30 * 24 * 60).map(lambda m: timedelta(minutes=m))


@settings(max_examples=150, deadline=None)
@given(opened_at=opened, target=targets, before=offsets, pause=offsets)
def test_pausing_for_some_business_time_moves_the_due_time_by_exactly_that_when_paused_before_the_due_time(
    opened_at: datetime, target: timedelta, before: timedelta, pause: timedelta
) -> None:
    def due(stops: list[tuple[datetime, datetime | None]]) -> datetime:
        clock = read_clock(
            CALENDAR,
            opened_at=opened_at,
            stops=stops,
            completed_at=None,
            target=target,
            at_risk_share=Decimal("0.75"),
            as_of=opened_at,
        )
        assert clock.due_at is not None
        return clock.due_at

    unpaused = due([])
    stopped = min(opened_at + before, unpaused - timedelta(minutes=1))
    resumed = stopped + pause
    paused = due([(stopped, resumed)])
    assert CALENDAR.business_time(unpaused, paused) == CALENDAR.business_time(stopped, resumed)
