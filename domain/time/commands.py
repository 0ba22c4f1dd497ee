"""Commands on time entries: log, correct, delete; each writes the entry and its timesheet(s) atomically."""

from __future__ import annotations

from uuid import UUID, uuid4

from domain.aggregate import BatonAggregate
from domain.application import CommandResult
from domain.commands import CommandGroup
from domain.context import CommandContext
from domain.errors import InvalidInput, StaleVersion
from domain.projects.aggregate import Project
from domain.tasks.aggregate import Task
from domain.time.entry import EntryChanges, NewTimeEntry, TimeEntry, Work
from domain.time.ledger import Ledger, commit_retrying
from domain.time.overrides import TimeOverride, override_id
from domain.time.tags import CATALOGUE_ID, TagCatalogue
from domain.time.values import Month

__all__ = ["EntryChanges", "NewTimeEntry", "TimeCommands"]


class TimeCommands(CommandGroup):
    """The write side of time entries."""

    def log(self, ctx: CommandContext, new: NewTimeEntry, *, entry_id: UUID | None = None) -> CommandResult:
        """Log hours on one of the actor's tasks."""
        new_id = entry_id or uuid4()

        def attempt() -> tuple[BatonAggregate, ...]:
            entry = TimeEntry.log(ctx, new_id, new, self.work(new.task_id, ctx.actor.id), self.catalogue())
            ledger = Ledger(self, ctx)
            ledger.sheet(entry.person_id, Month.of(entry.on)).book(ctx, str(entry.id), entry.on, entry.hours, "created")
            return (entry, *ledger.changed())

        return commit_retrying(self, attempt)

    def correct(
        self, ctx: CommandContext, entry_id: UUID, changes: EntryChanges, *, expected_version: int | None = None
    ) -> CommandResult:
        """Correct an entry: task, day, hours, note or tags (its own person only)."""

        def attempt() -> tuple[BatonAggregate, ...]:
            entry = self._entry(entry_id, expected_version)
            before, before_month = str(entry.id), Month.of(entry.on)
            work = self.work(changes.task_id or UUID(entry.task_id), entry.person_id)
            if not entry.change(ctx, changes, work, self.catalogue()):
                return (entry,)
            ledger = Ledger(self, ctx)
            if Month.of(entry.on) != before_month:
                ledger.sheet(entry.person_id, before_month).release(ctx, before, "changed")
            ledger.sheet(entry.person_id, Month.of(entry.on)).book(ctx, before, entry.on, entry.hours, "changed")
            return (entry, *ledger.changed())

        return commit_retrying(self, attempt)

    def delete(self, ctx: CommandContext, entry_id: UUID, *, expected_version: int | None = None) -> CommandResult:
        """Delete an entry (its own person only): views drop it, the audit keeps it."""

        def attempt() -> tuple[BatonAggregate, ...]:
            entry = self._entry(entry_id, expected_version)
            entry.delete(ctx)
            ledger = Ledger(self, ctx)
            ledger.sheet(entry.person_id, Month.of(entry.on)).release(ctx, str(entry.id), "deleted")
            return (entry, *ledger.changed())

        return commit_retrying(self, attempt)

    # -- what the checks read ------------------------------------------------------

    def work(self, task_id: UUID, person_id: str) -> Work:
        """The task, its project and the person's override there."""
        task = self.find(Task, task_id)
        if task is None:
            raise InvalidInput(f"There is no task with id {task_id} to log time on.")
        project = self.load(Project, UUID(task.project_id))
        return Work(task, project, self.find(TimeOverride, override_id(project.id, person_id)))

    def catalogue(self) -> TagCatalogue | None:
        return self.find(TagCatalogue, CATALOGUE_ID)

    def _entry(self, entry_id: UUID, expected_version: int | None) -> TimeEntry:
        entry = self.load(TimeEntry, entry_id)
        if expected_version is not None and entry.version != expected_version:
            raise StaleVersion(
                f"The time entry changed since you read it: you sent version {expected_version}, "
                f"it is now at version {entry.version}. Reload and try again."
            )
        return entry
