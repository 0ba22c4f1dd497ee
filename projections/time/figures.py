"""The sums reports show, computed from entry rows: the same code for a report now and "as of" a past moment."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

Row = dict[str, Any]
ZERO = Decimal("0.00")


def total(rows: Iterable[Row]) -> Decimal:
    return sum((r["hours"] for r in rows), ZERO).quantize(Decimal("0.01"))


@dataclass
class TaskHours:
    task_id: UUID
    hours: Decimal


@dataclass
class ProjectHours:
    project_id: UUID
    hours: Decimal
    tasks: list[TaskHours] = field(default_factory=list)


def by_project(rows: Iterable[Row]) -> list[ProjectHours]:
    """Hours per project and, within each, per task: most hours first (ties by id, so the order is stable)."""
    grouped: dict[UUID, dict[UUID, Decimal]] = defaultdict(lambda: defaultdict(lambda: ZERO))
    for r in rows:
        grouped[r["project_id"]][r["task_id"]] += r["hours"]
    projects = [
        ProjectHours(project, sum(tasks.values(), ZERO), [TaskHours(t, h) for t, h in _most_first(tasks.items())])
        for project, tasks in grouped.items()
    ]
    return sorted(projects, key=lambda p: (-p.hours, str(p.project_id)))


def _most_first(items: Iterable[tuple[UUID, Decimal]]) -> list[tuple[UUID, Decimal]]:
    return sorted(items, key=lambda item: (-item[1], str(item[0])))


@dataclass
class PersonHours:
    person_id: UUID
    hours: Decimal
    projects: list[ProjectHours]


def by_person(rows: Iterable[Row]) -> list[PersonHours]:
    """The admin report: hours per person, then per project and task."""
    people: dict[UUID, list[Row]] = defaultdict(list)
    for r in rows:
        people[r["person_id"]].append(r)
    return [PersonHours(p, total(rs), by_project(rs)) for p, rs in sorted(people.items(), key=lambda i: str(i[0]))]


def plan_hours(plans: Iterable[Row], first: date, last: date) -> Decimal | None:
    """The hours a month includes: the accepted support plan covering part of it (the latest started, if several)."""
    covering = [
        p
        for p in plans
        if p["status"] == "accepted"
        and p["hours_per_month"] > 0
        and p["starts_on"] <= last
        and (p["ends_on"] is None or p["ends_on"] > first)
    ]
    return max(covering, key=lambda p: p["starts_on"])["hours_per_month"] if covering else None


@dataclass
class MonthlyFigures:
    """A client's month: hours counted against the plan, hours left out by tag, the plan and what goes over it."""

    hours_used: Decimal
    hours_off_plan: Decimal
    plan_hours: Decimal | None
    over_plan_hours: Decimal
    projects: list[ProjectHours]
    entries: list[Row]

    @property
    def over_plan(self) -> bool:
        return self.over_plan_hours > 0


def monthly(rows: Iterable[Row], plan: Decimal | None) -> MonthlyFigures:
    """Seed 003's rule: hours tagged ProjectManagement or Meetings stay off the plan; the rest count against it."""
    rows = list(rows)
    counted = sorted((r for r in rows if not r["off_plan"]), key=lambda r: (r["day"], r["created_at"], str(r["id"])))
    used = total(counted)
    over = max(used - plan, ZERO) if plan is not None else ZERO
    return MonthlyFigures(
        hours_used=used,
        hours_off_plan=total(r for r in rows if r["off_plan"]),
        plan_hours=plan,
        over_plan_hours=over.quantize(Decimal("0.01")),
        projects=by_project(counted),
        entries=counted,
    )


@dataclass
class BudgetFigures:
    """A project's hours against its budget."""

    budget_hours: Decimal | None
    hours_used: Decimal
    tasks: list[TaskHours]

    @property
    def remaining_hours(self) -> Decimal | None:
        return None if self.budget_hours is None else self.budget_hours - self.hours_used

    @property
    def over_budget(self) -> bool:
        return self.budget_hours is not None and self.hours_used > self.budget_hours


def budget(rows: Iterable[Row], budget_hours: Decimal | None) -> BudgetFigures:
    rows = list(rows)
    projects = by_project(rows)
    return BudgetFigures(budget_hours, total(rows), projects[0].tasks if projects else [])
