"""Request and response bodies of time entries."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Annotated
from uuid import UUID

from pydantic import BaseModel, Field

from api.schemas import StrictInput
from api.time.values import Day, EntryHours, HoursOut

Note = Annotated[str, Field(max_length=2_000)]
Tag = Annotated[str, Field(min_length=1, max_length=40, pattern=r"^[A-Za-z][A-Za-z0-9_-]{0,39}$")]
Tags = Annotated[list[Tag], Field(max_length=10)]


class TimeRangePreset(StrEnum):
    """A date range by name; ``custom`` takes ``from`` and ``to``."""

    TODAY = "today"
    THIS_WEEK = "this_week"
    LAST_WEEK = "last_week"
    THIS_MONTH = "this_month"
    CUSTOM = "custom"


class TimeEntryCreate(StrictInput):
    """Hours on one of your tasks, on one day (today or earlier)."""

    task_id: UUID = Field(description="A task assigned to you; the project comes from it")
    day: Day
    hours: EntryHours
    note: Note = ""
    tags: Tags = Field(default_factory=list, description="Tag names, e.g. Meetings, ProjectManagement")


class TimeEntryUpdate(StrictInput):
    """What to correct; fields left out stay as they are."""

    task_id: UUID | None = None
    day: Day | None = None
    hours: EntryHours | None = None
    note: Note | None = None
    tags: Tags | None = None


class TimeEntryOut(BaseModel):
    """One entry as lists show it (names as they are now)."""

    id: UUID
    person_id: UUID
    person_name: str
    task_id: UUID
    task_title: str
    project_id: UUID
    project_name: str
    client_id: UUID
    day: date
    hours: HoursOut
    note: str
    tags: list[str]
    off_plan: bool = Field(description="Tagged ProjectManagement or Meetings: left out of the client's plan")
    created_at: datetime
    updated_at: datetime
    version: int


class TimeEntryPageOut(BaseModel):
    """A page of entries, the range asked, and the total hours of the whole selection (every page)."""

    items: list[TimeEntryOut]
    next_cursor: str | None
    preset: TimeRangePreset
    first: date
    last: date
    total_hours: HoursOut
    as_of: datetime | None = Field(default=None, description="Given: the entries as the log stood then (one page)")


class TimeEntryAtVersionOut(BaseModel):
    """An entry rebuilt from its history as it stood at one version."""

    id: UUID
    version: int
    as_of: datetime
    person_id: UUID
    task_id: UUID
    project_id: UUID
    client_id: UUID
    day: date
    hours: HoursOut
    note: str
    tags: list[str]
    deleted: bool


def hours_text(value: Decimal) -> str:
    return f"{value:.2f}"
