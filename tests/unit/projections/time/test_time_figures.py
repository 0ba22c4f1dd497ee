"""The sums reports show: seed 003's monthly rule (tagged hours off the plan, over-plan flagged), budgets, people."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from uuid import UUID, uuid4

from projections.time import figures

P1, P2, T1, T2, T3 = (uuid4() for _ in range(5))
ALICE, BOB = UUID(int=1), UUID(int=2)


def row(
    hours: str, project: UUID = P1, task: UUID = T1, off_plan: bool = False, person: UUID = ALICE
) -> dict[str, object]:
    return {
        "id": uuid4(), "person_id": person, "project_id": project, "task_id": task, "day": date(2026, 10, 5),
        "hours": Decimal(hours), "off_plan": off_plan, "created_at": datetime(2026, 10, 5, tzinfo=UTC),
    }  # fmt: skip


def plan(hours: str, starts: date, ends: date | None, status: str = "accepted") -> dict[str, object]:
    return {"hours_per_month": Decimal(hours), "starts_on": starts, "ends_on": ends, "status": status}


def test_tagged_hours_stay_off_the_plan_and_hours_over_it_are_flagged_when_the_month_runs_over() -> None:
    result = figures.monthly(
        [row("6"), row("4.5", task=T2), row("2", off_plan=True), row("1.25", project=P2, task=T3)], Decimal(10)
    )
    assert (result.hours_used, result.hours_off_plan, result.over_plan_hours, result.over_plan) == (
        Decimal("11.75"),
        Decimal("2.00"),
        Decimal("1.75"),
        True,
    )
    assert [(p.project_id, p.hours, [t.hours for t in p.tasks]) for p in result.projects] == [
        (P1, Decimal("10.5"), [Decimal(6), Decimal("4.5")]),  # most hours first
        (P2, Decimal("1.25"), [Decimal("1.25")]),
    ]
    assert len(result.entries) == 3


def test_nothing_is_over_plan_when_the_hours_fit_or_there_is_no_plan() -> None:
    assert not figures.monthly([row("10")], Decimal(10)).over_plan
    without = figures.monthly([row("50")], None)
    assert (without.plan_hours, without.over_plan_hours, without.over_plan) == (None, Decimal("0.00"), False)


def test_the_plan_of_a_month_is_the_accepted_contract_covering_it_the_latest_started_when_several() -> None:
    first, last = date(2026, 10, 1), date(2026, 10, 31)
    plans = [
        plan("10", date(2026, 1, 1), date(2027, 1, 1)),
        plan("20", date(2026, 10, 15), None),
        plan("99", date(2026, 9, 1), None, status="offered"),
        plan("77", date(2026, 1, 1), date(2026, 10, 1)),  # ended the day before
    ]
    assert figures.plan_hours(plans, first, last) == Decimal(20)
    assert figures.plan_hours(plans[:1], first, last) == Decimal(10)
    assert figures.plan_hours(plans[2:], first, last) is None


def test_a_budget_is_flagged_over_when_the_hours_pass_it() -> None:
    within, over = (
        figures.budget([row("30"), row("20", task=T2)], Decimal(60)),
        figures.budget([row("61")], Decimal(60)),
    )
    assert (within.hours_used, within.remaining_hours, within.over_budget) == (Decimal(50), Decimal(10), False)
    assert (over.remaining_hours, over.over_budget) == (Decimal(-1), True)
    assert not figures.budget([row("5")], None).over_budget


def test_the_admin_report_gives_hours_per_person_project_and_task() -> None:
    people = figures.by_person([row("2"), row("3", task=T2), row("4", person=BOB, project=P2, task=T3)])
    assert [(p.person_id, p.hours, [pr.hours for pr in p.projects]) for p in people] == [
        (ALICE, Decimal(5), [Decimal(5)]),
        (BOB, Decimal(4), [Decimal(4)]),
    ]
