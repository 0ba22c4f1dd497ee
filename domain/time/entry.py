"""The TimeEntry aggregate: hours a person worked on one of their tasks on one day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from domain.aggregate import BatonAggregate
from domain.context import CommandContext
from domain.delivery.access import is_admin, is_user
from domain.errors import InvalidInput
from domain.projects.aggregate import Project
from domain.tasks.aggregate import Task
from domain.time.errors import EntryDeleted, NotYourEntry
from domain.time.overrides import TimeOverride
from domain.time.rules import check_day, check_project, check_task
from domain.time.tags import TagCatalogue, checked_tags
from domain.time.values import day_of, hours_of, note_of


@dataclass(frozen=True)
class NewTimeEntry:
    """What logging time takes: the task (the project comes from it), the day, the hours, a note, tags."""

    task_id: UUID
    day: date
    hours: Decimal
    note: str = ""
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class EntryChanges:
    """What editing an entry may change; ``None`` leaves a field as it is."""

    task_id: UUID | None = None
    day: date | None = None
    hours: Decimal | None = None
    note: str | None = None
    tags: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Work:
    """The task an entry goes on, its project, and the person's override there (if any): loaded by the commands."""

    task: Task
    project: Project
    override: TimeOverride | None


class TimeEntry(BatonAggregate):
    """Hours on one task on one day, by the person the task is assigned to."""

    TOPIC = "baton.time.TimeEntry"

    class Event(BatonAggregate.Event):
        """Base of a time entry's events."""

    class Logged(Event, BatonAggregate.Created):
        """A person logged hours on their task (``client_id`` is the project's client, kept for reports)."""

        TOPIC = "baton.time.TimeLogged"
        person_id: str
        task_id: str
        project_id: str
        client_id: str
        day: str
        hours: Decimal
        note: str
        tags: list[str]

    Created = Logged

    class Changed(Event):
        """The person corrected their entry; every field holds its value after the change."""

        TOPIC = "baton.time.TimeEntryChanged"
        task_id: str
        project_id: str
        client_id: str
        day: str
        hours: Decimal
        note: str
        tags: list[str]

        def apply(self, aggregate: TimeEntry) -> None:
            aggregate.task_id, aggregate.project_id, aggregate.client_id = self.task_id, self.project_id, self.client_id
            aggregate.day, aggregate.hours, aggregate.note = self.day, self.hours, self.note
            aggregate.tags = list(self.tags)

    class Deleted(Event):
        """The person deleted their entry: views drop it, the audit keeps it."""

        TOPIC = "baton.time.TimeEntryDeleted"

        def apply(self, aggregate: TimeEntry) -> None:
            aggregate.deleted = True

    def __init__(  # noqa: PLR0913
        self,
        person_id: str,
        task_id: str,
        project_id: str,
        client_id: str,
        day: str,
        hours: Decimal,
        note: str,
        tags: list[str],
    ) -> None:
        self.person_id = person_id
        self.task_id = task_id
        self.project_id = project_id
        self.client_id = client_id
        self.day = day
        self.hours = hours
        self.note = note
        self.tags = list(tags)
        self.deleted = False

    @property
    def on(self) -> date:
        """The day the hours were worked."""
        return day_of(self.day)

    @classmethod
    def log(
        cls, ctx: CommandContext, entry_id: UUID, new: NewTimeEntry, work: Work, catalogue: TagCatalogue | None
    ) -> TimeEntry:
        """Log hours on the actor's own task: not in the future, on a project open for time."""
        hours, note, tags = hours_of(new.hours), note_of(new.note), checked_tags(new.tags, catalogue)
        _require_day(new.day)
        check_day(ctx, new.day)
        check_task(ctx, work.task)
        check_project(work.project, work.override)
        logged: TimeEntry = cls._start(
            cls.Logged,
            ctx,
            entry_id,
            person_id=ctx.actor.id,
            **_placed(work),
            day=new.day.isoformat(),
            hours=hours,
            note=note,
            tags=tags,
        )
        return logged

    def change(self, ctx: CommandContext, changes: EntryChanges, work: Work, catalogue: TagCatalogue | None) -> bool:
        """Correct the entry (its own person only); ``work`` is the task it ends on. False: nothing changed."""
        self.require_own(ctx, "change")
        hours = self.hours if changes.hours is None else hours_of(changes.hours)
        note = self.note if changes.note is None else note_of(changes.note)
        tags = self.tags if changes.tags is None else checked_tags(changes.tags, catalogue)
        day = self.on if changes.day is None else _require_day(changes.day)
        placed = {"task_id": self.task_id, "project_id": self.project_id, "client_id": self.client_id}
        if str(work.task.id) != self.task_id:
            check_task(ctx, work.task)
            placed = _placed(work)
        if day != self.on:
            check_day(ctx, day)
        if placed["task_id"] != self.task_id or day != self.on or hours > self.hours:
            # More time, or time moved: the project must take it now.
            check_project(work.project, work.override)
        after = {**placed, "day": day.isoformat(), "hours": hours, "note": note, "tags": tags}
        if after == self.fields():
            return False
        self._record(self.Changed, ctx, **after)
        return True

    def delete(self, ctx: CommandContext) -> None:
        """Delete the entry (its own person only): views drop it, the audit keeps it."""
        self.require_own(ctx, "delete")
        self._record(self.Deleted, ctx)

    def require_own(self, ctx: CommandContext, doing: str) -> None:
        if self.deleted:
            raise EntryDeleted("This entry was deleted; it can no longer change.")
        if not is_user(ctx.actor, self.person_id):
            who = "Admins see every entry but" if is_admin(ctx.actor) else "You"
            raise NotYourEntry(f"{who} cannot {doing} another person's time entry: only its person may.")

    def fields(self) -> dict[str, Any]:
        """The entry's placement and values, as a ``Changed`` event records them."""
        return {
            "task_id": self.task_id,
            "project_id": self.project_id,
            "client_id": self.client_id,
            "day": self.day,
            "hours": self.hours,
            "note": self.note,
            "tags": list(self.tags),
        }


def _placed(work: Work) -> dict[str, str]:
    return {"task_id": str(work.task.id), "project_id": str(work.project.id), "client_id": work.project.client_id}


def _require_day(day: object) -> date:
    if not isinstance(day, date):
        raise InvalidInput(f"A day is a calendar date such as 2026-10-15, not {day!r}.")
    return day
