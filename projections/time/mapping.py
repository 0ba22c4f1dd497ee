"""How events become row values: one mapping, used by the views and by the "as of" folds alike."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Any
from uuid import UUID

from domain.billing.calendar import add_months
from domain.billing.contract import Contract
from domain.time.entry import TimeEntry
from domain.time.tags import OFF_PLAN

Placed = TimeEntry.Logged | TimeEntry.Changed


@lru_cache(maxsize=65_536)
def _id(text: str) -> UUID:
    # A few thousand tasks, projects and clients recur in every entry's events: parse each once.
    return UUID(text)


def placement(e: Placed) -> dict[str, Any]:
    """The columns an entry's event sets: where it is, when, how long, with what."""
    return {
        "task_id": _id(e.task_id),
        "project_id": _id(e.project_id),
        "client_id": _id(e.client_id),
        "day": date.fromisoformat(e.day),
        "hours": e.hours,
        "note": e.note,
        "tags": ",".join(e.tags),
        "off_plan": bool(OFF_PLAN & set(e.tags)),
    }


def plan_row(e: Contract.Offered) -> dict[str, Any]:
    """What the views keep of an offered contract: the plan's client, period and hours per month."""
    return {
        "client_id": e.client_id,
        "starts_on": e.start,
        "ends_on": None if e.period_months is None else add_months(e.start, e.period_months),
        "hours_per_month": e.support_hours_per_month,
        "status": "offered",
    }
