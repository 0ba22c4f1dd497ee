"""After handoff: the 30-day window the timer closes once, and an enterprise client's monthly calls."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from domain.context import Actor, CommandContext
from domain.errors import InvalidInput, NotPermitted, RuleViolation
from domain.handoff import DataChanges, Stage, SupportPlan
from domain.handoff.calls import calls_between, is_call_day, next_call, reminder_at
from tests.builders import T0
from tests.unit.handoff.world import World

TIMER = Actor.system("timer")


def timer(at: datetime) -> CommandContext:
    return CommandContext(actor=TIMER, now=at)


@pytest.fixture
def handed_off(world: World) -> World:
    world.to_stage(Stage.LAUNCHED)
    world.for_handoff()
    world.handoffs.hand_off(world.as_("admin"), world.project_id, world.evidence(), override_reason="Test")
    return world


def test_the_window_closes_thirty_days_after_handoff_when_handed_off(handed_off: World) -> None:
    handoff = handed_off.handoff()
    assert handoff.window_closes_at == T0 + timedelta(days=30)
    assert handoff.window_open(T0 + timedelta(days=29))
    assert not handoff.window_open(T0 + timedelta(days=30))


def test_the_timer_is_refused_when_it_fires_before_the_window_ends(handed_off: World) -> None:
    with pytest.raises(RuleViolation, match="open until"):
        handed_off.handoffs.close_window(timer(T0 + timedelta(days=29)), handed_off.project_id, "deadline-1")


def test_the_window_closes_once_when_the_timer_fires_twice(handed_off: World) -> None:
    due = T0 + timedelta(days=30)
    first = handed_off.handoffs.close_window(timer(due), handed_off.project_id, "deadline-1")
    again = handed_off.handoffs.close_window(timer(due + timedelta(minutes=1)), handed_off.project_id, "deadline-1")
    assert first is not None
    assert again is None
    assert handed_off.handoff().window_closed
    assert handed_off.handoff().version == first.version


def test_closing_the_window_is_refused_when_a_person_or_no_handoff_asks(world: World) -> None:
    with pytest.raises(NotPermitted):
        world.handoffs.close_window(world.as_("admin", 60 * 24 * 31), world.project_id, "k")
    with pytest.raises(RuleViolation, match="not handed off"):
        world.handoffs.close_window(timer(T0), world.project_id, "k")


@pytest.mark.parametrize(
    ("first", "after", "expected"),
    [
        (date(2026, 4, 6), date(2026, 3, 1), date(2026, 4, 6)),
        (date(2026, 4, 6), date(2026, 4, 7), date(2026, 5, 6)),
        (date(2026, 4, 6), date(2026, 5, 6), date(2026, 5, 6)),
        (date(2026, 1, 31), date(2026, 2, 1), date(2026, 2, 28)),
        (date(2026, 1, 31), date(2026, 3, 1), date(2026, 3, 31)),
    ],
)
def test_the_next_call_falls_on_the_same_day_each_month_when_the_month_has_it(
    first: date, after: date, expected: date
) -> None:
    assert next_call(first, after) == expected


def test_calls_and_reminders_follow_the_schedule_when_listed_over_months() -> None:
    first = date(2026, 1, 30)
    assert calls_between(first, date(2026, 1, 1), date(2026, 5, 1)) == [
        date(2026, 1, 30),
        date(2026, 2, 28),
        date(2026, 3, 30),
        date(2026, 4, 30),
    ]
    assert is_call_day(first, date(2026, 2, 28))
    assert not is_call_day(first, date(2026, 3, 28))
    assert reminder_at(date(2026, 2, 28), 5) == datetime(2026, 2, 23, 9, 0, tzinfo=UTC)


def test_monthly_calls_are_refused_when_the_client_is_not_on_the_enterprise_plan(handed_off: World) -> None:
    with pytest.raises(RuleViolation, match="enterprise"):
        handed_off.handoffs.plan_monthly_calls(handed_off.as_("manager"), handed_off.project_id, date(2026, 4, 6))


def plan_calls(world: World) -> None:
    world.fill(DataChanges(support_plan=SupportPlan.ENTERPRISE))
    world.handoffs.plan_monthly_calls(world.as_("lead"), world.project_id, date(2026, 4, 6), reminder_days=3)


def test_the_support_lead_plans_the_calls_when_the_client_is_on_the_enterprise_plan(handed_off: World) -> None:
    plan_calls(handed_off)
    assert handed_off.handoff().monthly_calls == {"first_call": "2026-04-06", "reminder_days": 3}


def test_planning_calls_is_refused_when_the_first_call_is_past_or_the_reminder_unreasonable(handed_off: World) -> None:
    handed_off.fill(DataChanges(support_plan=SupportPlan.ENTERPRISE))
    with pytest.raises(InvalidInput, match="past"):
        handed_off.handoffs.plan_monthly_calls(handed_off.as_("lead"), handed_off.project_id, date(2026, 3, 1))
    with pytest.raises(InvalidInput, match="days before"):
        handed_off.handoffs.plan_monthly_calls(handed_off.as_("lead"), handed_off.project_id, date(2026, 4, 6), 0)


def test_a_call_reminder_is_recorded_once_when_the_timer_fires_twice(handed_off: World) -> None:
    plan_calls(handed_off)
    at = timer(T0 + timedelta(days=33))
    assert handed_off.handoffs.record_call_reminder(at, handed_off.project_id, date(2026, 4, 6), "email-1") is not None
    assert handed_off.handoffs.record_call_reminder(at, handed_off.project_id, date(2026, 4, 6), "email-1") is None
    assert handed_off.handoff().call_reminders == {"2026-04-06": "email-1"}


def test_a_call_report_is_recorded_once_when_the_call_happened_on_a_call_day(handed_off: World) -> None:
    plan_calls(handed_off)
    after_call = handed_off.as_("lead", 60 * 24 * 36)
    report = handed_off.handoffs.report_call
    with pytest.raises(InvalidInput, match="not one of the monthly calls"):
        report(after_call, handed_off.project_id, date(2026, 4, 7), "Search", "Agreed a new search page")
    with pytest.raises(InvalidInput, match="not happened"):
        report(handed_off.as_("lead"), handed_off.project_id, date(2026, 4, 6), "Search", "Too early")
    report(after_call, handed_off.project_id, date(2026, 4, 6), "Search", "Agreed a new search page")
    assert handed_off.handoff().call_reports == ["2026-04-06"]
    with pytest.raises(RuleViolation, match="has a report"):
        report(after_call, handed_off.project_id, date(2026, 4, 6), "Search", "Again")
