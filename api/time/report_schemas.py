"""Response bodies of the reports built from time."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from uuid import UUID

from pydantic import BaseModel, Field

from api.schemas import StrictInput
from api.time.schemas import Note, TimeEntryOut
from api.time.values import HoursOut


class TaskHoursOut(BaseModel):
    task_id: UUID
    task_title: str
    hours: HoursOut


class ProjectHoursOut(BaseModel):
    project_id: UUID
    project_name: str
    hours: HoursOut
    tasks: list[TaskHoursOut]


class PersonHoursOut(BaseModel):
    person_id: UUID
    person_name: str
    hours: HoursOut
    projects: list[ProjectHoursOut]


class TimeReportOut(BaseModel):
    """The admin time report: hours per person, project and task over a range, with totals."""

    first: date
    last: date
    as_of: datetime | None
    total_hours: HoursOut
    people: list[PersonHoursOut]


class ProjectBudgetOut(BaseModel):
    """A project's hours against its budget; over-budget flagged."""

    project_id: UUID
    project_name: str
    status: str
    budget_hours: HoursOut | None
    hours_used: HoursOut
    remaining_hours: HoursOut | None
    over_budget: bool
    as_of: datetime | None = None
    tasks: list[TaskHoursOut] = Field(default_factory=list)


class ProjectBudgetPageOut(BaseModel):
    items: list[ProjectBudgetOut]
    next_cursor: str | None


class MonthlyReportStatus(StrEnum):
    """Where a monthly report stands: the month runs, due by day 8, late, sent (on time or late)."""

    OPEN = "open"
    DUE = "due"
    LATE = "late"
    SENT = "sent"
    SENT_LATE = "sent_late"


class MonthlyHoursReportOut(BaseModel):
    """A client's monthly hours report: hours on its projects (ProjectManagement and Meetings left out) against
    its plan, with the hours over the plan flagged."""

    client_id: UUID
    client_name: str
    month: str
    due_on: date
    status: MonthlyReportStatus
    as_of: datetime | None
    hours_used: HoursOut = Field(description="Hours counted against the plan")
    hours_off_plan: HoursOut = Field(description="Hours tagged ProjectManagement or Meetings, left out")
    plan_hours: HoursOut | None = Field(description="Hours the support plan includes per month (null: no plan)")
    over_plan_hours: HoursOut
    over_plan: bool
    projects: list[ProjectHoursOut] = Field(default_factory=list)
    entries: list[TimeEntryOut] = Field(default_factory=list, description="The entries counted, oldest first")
    version: int = Field(default=0, description="The report record's version (send it as If-Match to mark it sent)")


class MonthlyHoursReportPageOut(BaseModel):
    month: str
    items: list[MonthlyHoursReportOut]
    next_cursor: str | None


class MonthlyReportSent(StrictInput):
    """The report went to the client (by email, as seed 003 says); a note for the record."""

    note: Note = ""
