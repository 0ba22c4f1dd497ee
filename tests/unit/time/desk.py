"""A time desk on the small agency of the delivery tests: its command groups and short ways to log and lock."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from domain.application import CommandResult
from domain.projects import ProjectStatus
from domain.time.commands import EntryChanges, NewTimeEntry, TimeCommands
from domain.time.entry import TimeEntry
from domain.time.lock_commands import LockCommands, NewPeriodLock
from domain.time.override_commands import OverrideCommands, TagCommands
from domain.time.report_commands import MonthlyReportCommands
from domain.time.timesheet import Timesheet, timesheet_id
from domain.time.values import Month
from tests.unit.delivery.agency import Agency

# The agency's clock starts on Monday 2 March 2026 (tests.builders.T0); February is "last month".
FEBRUARY = Month(2026, 2)
MARCH = Month(2026, 3)


@dataclass
class Desk:
    """The agency, with the member's task on an active project, and the time command groups."""

    agency: Agency
    tasks: dict[str, UUID] = field(default_factory=dict)

    def __post_init__(self) -> None:
        app = self.agency.app
        self.time = TimeCommands(app)
        self.locks = LockCommands(app)
        self.overrides = OverrideCommands(app)
        self.tags = TagCommands(app)
        self.reports = MonthlyReportCommands(app)
        self.project = self.agency.project(ProjectStatus.ACTIVE)
        self.task = self.agency.task(self.project)

    def log(
        self,
        hours: str = "2",
        day: date = date(2026, 2, 20),
        *,
        who: str = "member",
        task: UUID | None = None,
        **kw: Any,
    ) -> CommandResult:
        new = NewTimeEntry(task_id=task or self.task, day=day, hours=Decimal(hours), **kw)
        return self.time.log(self.agency.as_(who), new)

    def correct(self, entry_id: UUID, who: str = "member", **changes: Any) -> CommandResult:
        return self.time.correct(self.agency.as_(who), entry_id, EntryChanges(**changes))

    def lock(self, start: date, end: date, *, person: str | None = None, reason: str = "") -> CommandResult:
        person_id = self.agency.ids[person] if person else None
        return self.locks.lock(self.agency.as_("admin"), NewPeriodLock(start, end, person_id, reason))

    def lock_month(self, month: Month = FEBRUARY, **kw: Any) -> CommandResult:
        return self.lock(month.first, month.last, **kw)

    def entry(self, entry_id: UUID) -> TimeEntry:
        return self.time.load(TimeEntry, entry_id)

    def sheet(self, month: Month = FEBRUARY, who: str = "member") -> Timesheet:
        return self.time.load(Timesheet, timesheet_id(str(self.agency.ids[who]), month))

    def day_total(self, day: date, who: str = "member") -> Decimal:
        return self.sheet(Month.of(day), who).day_total(day)
