"""Request and response bodies of period locks, the automatic lock, overrides and tags."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from api.schemas import WHOLE_NUMBER, StrictInput
from api.time.schemas import Note, Tag
from api.time.values import MONTH_PATTERN, Day

Reason = Annotated[str, Field(min_length=1, max_length=2_000)]


class PeriodLockCreate(StrictInput):
    """A month (``month``) or a range (``first_day`` and ``last_day``), for everyone or one person."""

    model_config = ConfigDict(
        json_schema_extra={
            "oneOf": [
                {"required": ["month"], "not": {"anyOf": [{"required": ["first_day"]}, {"required": ["last_day"]}]}},
                {"required": ["first_day", "last_day"], "not": {"required": ["month"]}},
            ]
        }
    )

    month: Annotated[str | None, Field(pattern=MONTH_PATTERN, description="A whole month, YYYY-MM")] = None
    first_day: Day | None = None
    last_day: Day | None = None
    person_id: UUID | None = Field(default=None, description="Lock only this person's time (default: everyone's)")
    reason: Note = ""


class PeriodUnlock(StrictInput):
    """Why the lock is lifted (kept in the audit)."""

    reason: Reason


class PeriodLockOut(BaseModel):
    """A period lock: its days, whom it binds, who set it and, once lifted, who lifted it and why."""

    id: UUID
    first_day: date
    last_day: date
    person_id: UUID | None
    reason: str
    set_by: str
    set_by_name: str
    automatic: bool
    active: bool
    unlocked_by: str
    unlocked_by_name: str
    unlock_reason: str
    created_at: datetime
    updated_at: datetime
    version: int


class PeriodLockPageOut(BaseModel):
    items: list[PeriodLockOut]
    next_cursor: str | None


class AutoLockPolicyIn(StrictInput):
    """Months lock themselves ``grace_days`` after they end (0 to 28); null turns the automatic lock off."""

    grace_days: Annotated[int, Field(ge=0, le=28, strict=True), WHOLE_NUMBER] | None


class AutoLockPolicyOut(BaseModel):
    grace_days: int | None = Field(description="Days of grace after a month before it locks itself; null: off")
    updated_at: datetime | None
    updated_by: str
    version: int


class TimeOverrideCreate(StrictInput):
    """Let a staff member log time on a project whatever its status (the project's manager, or an admin)."""

    project_id: UUID
    person_id: UUID
    reason: Note = ""


class TimeOverrideRevoke(StrictInput):
    reason: Note = ""


class TimeOverrideOut(BaseModel):
    id: UUID
    project_id: UUID
    person_id: UUID
    reason: str
    active: bool
    changed_by: str
    created_at: datetime
    updated_at: datetime
    version: int


class TimeOverridePageOut(BaseModel):
    items: list[TimeOverrideOut]
    next_cursor: str | None


class HourTagCreate(StrictInput):
    """A new hour tag: a letter, then letters, digits, '_' or '-'."""

    name: Tag
    description: Note = ""


class HourTagOut(BaseModel):
    name: str
    description: str
    built_in: bool
    added_at: datetime | None
    added_by: str


class HourTagListOut(BaseModel):
    items: list[HourTagOut]
