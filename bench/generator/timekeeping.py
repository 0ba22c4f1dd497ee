"""The time share of history: the largest stream of an agency, several entries per person per working day.

Forty people on eight support projects of four clients each log their hours on
their own task (a quarter of them tagged Meetings or ProjectManagement), correct
or delete a few of this month's, and at the turn of each month an admin locks the
month before for everyone. Each step is the real command on in-memory aggregates:
an entry is saved with its person's timesheet (and, the first time in a month,
the month's record), a lock with every timesheet it binds.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from decimal import Decimal
from uuid import UUID, uuid4

from domain.aggregate import BatonAggregate
from domain.clients import Client, NewClient
from domain.context import Actor, CommandContext
from domain.projects import NewProject, Project, ProjectStatus
from domain.tasks import NewTask, Task
from domain.time.entry import EntryChanges, NewTimeEntry, TimeEntry, Work
from domain.time.locks import PeriodLock
from domain.time.month import TimeMonth
from domain.time.tags import MEETINGS, PROJECT_MANAGEMENT
from domain.time.timesheet import Timesheet
from domain.time.values import Month

ADMIN = Actor.user(f"{0x7100:032x}", "admin")
HOURS = [Decimal(q) / 4 for q in range(1, 17)]  # 0.25 to 4 hours, in quarters
Step = Callable[[CommandContext], tuple[BatonAggregate, ...]]


class TimeHistory:
    """Keeps its people logging; sets up its clients, projects and tasks first, one step each."""

    most_events = 64  # a month's lock: the lock, its month and up to 62 timesheets

    def ready(self) -> bool:
        """Always: this share needs nothing from the others."""
        return True

    def __init__(self, rng: random.Random, people: int = 40, projects: int = 8) -> None:
        self.rng = rng
        self.people = [f"{0x7200 + i:032x}" for i in range(people)]
        self.clients: list[Client] = []
        self.tasks: dict[str, list[tuple[Task, Project]]] = {p: [] for p in self.people}
        self.months: dict[Month, TimeMonth] = {}
        self.sheets: dict[tuple[str, Month], Timesheet] = {}
        self.recent: list[TimeEntry] = []
        self.current: Month | None = None
        self.seen_months: list[Month] = []
        self._setup: list[Step] = [self._client] * 2 + [self._project] * projects

    def step(self, ctx: CommandContext) -> tuple[BatonAggregate, ...]:
        if self._setup:
            return self._setup.pop(0)(ctx)
        month = Month.of(ctx.now.date())
        if self.current is not None and month != self.current:
            return self._month_turned(ctx, month)
        self.current = month
        roll = self.rng.random()
        if roll < 0.06 and self.recent:
            return self._correct(ctx)
        if roll < 0.08 and self.recent:
            return self._delete(ctx)
        return self._log(ctx)

    def sample_ids(self) -> list[UUID]:
        return [c.id for c in self.clients]

    # -- set-up ------------------------------------------------------------------

    def _client(self, ctx: CommandContext) -> tuple[BatonAggregate, ...]:
        admin = CommandContext(actor=ADMIN, now=ctx.now)
        n = len(self.clients) + 1
        client = Client.register(admin, uuid4(), NewClient(f"Support client {n}", UUID(ADMIN.id)))
        self.clients.append(client)
        return (client,)

    def _project(self, ctx: CommandContext) -> tuple[BatonAggregate, ...]:
        admin = CommandContext(actor=ADMIN, now=ctx.now)
        index = sum(1 for tasks in self.tasks.values() for _ in tasks) // 5
        members = [self.people[(index * 5 + k) % len(self.people)] for k in range(5)]
        client = self.clients[index % len(self.clients)]
        new = NewProject(f"Support {index + 1}", client.id, UUID(members[0]), member_ids=tuple(map(UUID, members)))
        project = Project.plan(admin, uuid4(), new)
        project.change_status(admin, ProjectStatus.ACTIVE)
        created: list[BatonAggregate] = [project]
        for person in members:
            task = Task.add(
                admin,
                uuid4(),
                NewTask(project.id, f"Support for {client.company_name}", assignee_id=UUID(person)),
                project,
            )
            self.tasks[person].append((task, project))
            created.append(task)
        return tuple(created)

    # -- work --------------------------------------------------------------------

    def _sheet(self, ctx: CommandContext, person: str, month: Month, changed: list[BatonAggregate]) -> Timesheet:
        sheet = self.sheets.get((person, month))
        if sheet is None:
            record = self.months.get(month)
            if record is None:
                record = self.months[month] = TimeMonth.start(ctx, month)
                self.seen_months.append(month)
            sheet = self.sheets[(person, month)] = Timesheet.open(ctx, person, month, record.open_sheet(ctx, person))
            changed.append(record)
        changed.append(sheet)
        return sheet

    def _log(self, ctx: CommandContext) -> tuple[BatonAggregate, ...]:
        person = self.rng.choice(self.people)
        task, project = self.rng.choice(self.tasks[person])
        me = CommandContext(actor=Actor.user(person, "employee"), now=ctx.now)
        day, changed = ctx.now.date(), []
        sheet = self._sheet(me, person, Month.of(day), changed)
        hours = min(self.rng.choice(HOURS), Decimal(24) - sheet.day_total(day))
        if hours <= 0:
            return (*changed, *self._correct(ctx)) if self.recent else tuple(changed)
        roll = self.rng.random()
        tags = (MEETINGS,) if roll < 0.15 else (PROJECT_MANAGEMENT,) if roll < 0.25 else ()
        entry = TimeEntry.log(
            me, uuid4(), NewTimeEntry(task.id, day, hours, "Support work", tags), Work(task, project, None), None
        )
        sheet.book(me, str(entry.id), day, entry.hours, "created")
        self.recent.append(entry)
        if len(self.recent) > 400:
            self.recent.pop(0)
        return (entry, *changed)

    def _pick_recent(self) -> TimeEntry:
        return self.recent[self.rng.randrange(len(self.recent))]

    def _correct(self, ctx: CommandContext) -> tuple[BatonAggregate, ...]:
        entry = self._pick_recent()
        me = CommandContext(actor=Actor.user(entry.person_id, "employee"), now=ctx.now)
        task, project = next((t, p) for t, p in self.tasks[entry.person_id] if str(t.id) == entry.task_id)
        sheet = self.sheets[(entry.person_id, Month.of(entry.on))]
        hours = min(self.rng.choice(HOURS), Decimal(24) - sheet.day_total(entry.on, without=str(entry.id)))
        if not entry.change(me, EntryChanges(hours=hours, note="Corrected"), Work(task, project, None), None):
            return (entry,)
        sheet.book(me, str(entry.id), entry.on, entry.hours, "changed")
        return (entry, sheet)

    def _delete(self, ctx: CommandContext) -> tuple[BatonAggregate, ...]:
        entry = self.recent.pop(self.rng.randrange(len(self.recent)))
        me = CommandContext(actor=Actor.user(entry.person_id, "employee"), now=ctx.now)
        entry.delete(me)
        sheet = self.sheets[(entry.person_id, Month.of(entry.on))]
        sheet.release(me, str(entry.id), "deleted")
        return (entry, sheet)

    def _month_turned(self, ctx: CommandContext, month: Month) -> tuple[BatonAggregate, ...]:
        """The admin locks the month that just ended, for everyone; older months leave memory."""
        done, self.current = self.current, month
        assert done is not None
        admin = CommandContext(actor=ADMIN, now=ctx.now)
        lock = PeriodLock.set(
            admin, uuid4(), done.first, done.last, reason="Month-end close", set_by_name="Bench admin"
        )
        ref, changed = lock.ref(), [lock]
        record = self.months.get(done) or TimeMonth.start(admin, done)
        self.months[done] = record
        record.cover(admin, ref)
        changed.append(record)
        for person in record.sheets_bound_by(ref):
            sheet = self.sheets[(person, done)]
            sheet.apply_lock(admin, ref)
            changed.append(sheet)
        self.recent = [e for e in self.recent if Month.of(e.on) == month]
        self.sheets = {k: v for k, v in self.sheets.items() if k[1] >= done}
        self.months = {k: v for k, v in self.months.items() if k >= done}
        return tuple(changed)
