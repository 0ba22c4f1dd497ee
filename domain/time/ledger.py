"""Loading and opening the guard records an entry or a lock writes: timesheets and months.

Shared by the entry and lock commands, so that both always write the same
records for the same days (docs/decisions.md, "Period locks and entries cannot
both win").
"""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

from domain.aggregate import BatonAggregate
from domain.application import CommandResult
from domain.commands import CommandGroup
from domain.context import CommandContext
from domain.errors import ConcurrentChange
from domain.time.locks import LockRef
from domain.time.month import TimeMonth, time_month_id
from domain.time.timesheet import Timesheet, timesheet_id
from domain.time.values import Month

# Concurrent commands on one person's month (or one month, for locks) are retried: each attempt reloads
# and checks everything again, so a retry can only succeed where running second would have.
RETRIES = 4
Attempt = Callable[[], tuple[BatonAggregate, ...]]


class Ledger(CommandGroup):
    """Timesheets and months as commands find them; each attempt of a command builds a new one."""

    def __init__(self, group: CommandGroup, ctx: CommandContext) -> None:
        super().__init__(group._app)
        self.ctx = ctx
        self.sheets: dict[UUID, Timesheet] = {}
        self.months: dict[UUID, TimeMonth] = {}

    def month(self, month: Month) -> TimeMonth:
        """The month's record, started if nothing touched it before."""
        key = time_month_id(month)
        if key not in self.months:
            self.months[key] = self.find(TimeMonth, key) or TimeMonth.start(self.ctx, month)
        return self.months[key]

    def sheet(self, person_id: str, month: Month) -> Timesheet:
        """The person's timesheet of ``month``, opened (and recorded on the month) at their first entry there."""
        key = timesheet_id(person_id, month)
        if key not in self.sheets:
            found = self.find(Timesheet, key)
            if found is None:
                locks = self.month(month).open_sheet(self.ctx, person_id)
                found = Timesheet.open(self.ctx, person_id, month, locks)
            self.sheets[key] = found
        return self.sheets[key]

    def bound_sheets(self, month: Month, lock: LockRef) -> list[Timesheet]:
        """The open timesheets of ``month`` that ``lock`` binds."""
        return [self.sheet(person, month) for person in self.month(month).sheets_bound_by(lock)]

    def changed(self) -> tuple[BatonAggregate, ...]:
        """Every guard record with something to save."""
        records: list[BatonAggregate] = [*self.months.values(), *self.sheets.values()]
        return tuple(r for r in records if r.pending_events)


def commit_retrying(group: CommandGroup, attempt: Attempt) -> CommandResult:
    """Commit what ``attempt`` builds; on a concurrent change build it again from fresh state (a few times)."""
    tries = 0
    while True:
        primary, *others = attempt()
        try:
            return group.create(primary, *others)
        except ConcurrentChange:
            tries += 1
            if tries > RETRIES:
                raise
