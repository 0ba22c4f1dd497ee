"""The Milestone aggregate: a dated point in a project's plan, done or not."""

from __future__ import annotations

from uuid import UUID

from domain.aggregate import BatonAggregate
from domain.context import CommandContext
from domain.delivery.values import iso, required
from domain.errors import RuleViolation
from domain.projects.inputs import MilestoneChanges, NewMilestone


class Milestone(BatonAggregate):
    """A point in a project's plan; its own record, so that the project's history stays short."""

    TOPIC = "baton.project.Milestone"

    class Event(BatonAggregate.Event):
        """Base of the milestone's events."""

    class MilestoneAdded(Event, BatonAggregate.Created):
        """A milestone was added to the project's plan."""

        TOPIC = "baton.project.MilestoneAdded"
        project_id: str
        title: str
        target_date: str

    Created = MilestoneAdded

    class MilestoneChanged(Event):
        """The milestone's title or target date changed; ``changes`` holds the new values (date ISO)."""

        TOPIC = "baton.project.MilestoneChanged"
        changes: dict[str, str]

        def apply(self, aggregate: Milestone) -> None:
            for field, value in self.changes.items():
                setattr(aggregate, field, value)

    class MilestoneReached(Event):
        """The milestone was marked done (when and by whom: the event's time and actor)."""

        TOPIC = "baton.project.MilestoneReached"

        def apply(self, aggregate: Milestone) -> None:
            aggregate.done = True

    class MilestoneReopened(Event):
        """A milestone marked done by mistake was opened again."""

        TOPIC = "baton.project.MilestoneReopened"

        def apply(self, aggregate: Milestone) -> None:
            aggregate.done = False

    class MilestoneRemoved(Event):
        """The milestone was taken out of the plan; the history keeps it."""

        TOPIC = "baton.project.MilestoneRemoved"

        def apply(self, aggregate: Milestone) -> None:
            aggregate.removed = True

    def __init__(self, project_id: str, title: str, target_date: str) -> None:
        self.project_id = project_id
        self.title = title
        self.target_date = target_date
        self.done = False
        self.removed = False

    @classmethod
    def add(cls, ctx: CommandContext, milestone_id: UUID, milestone: NewMilestone) -> Milestone:
        """Add a milestone to a project (the command checks who may)."""
        added: Milestone = cls._start(
            cls.MilestoneAdded,
            ctx,
            milestone_id,
            project_id=str(milestone.project_id),
            title=required(milestone.title, "A milestone needs a title."),
            target_date=iso(milestone.target_date),
        )
        return added

    def change(self, ctx: CommandContext, changes: MilestoneChanges) -> None:
        """Change the title or target date; unchanged values are not recorded."""
        self._require_present()
        given = {
            "title": None if changes.title is None else required(changes.title, "A milestone needs a title."),
            "target_date": None if changes.target_date is None else iso(changes.target_date),
        }
        actual = {k: v for k, v in given.items() if v is not None and getattr(self, k) != v}
        if actual:
            self._record(self.MilestoneChanged, ctx, changes=actual)

    def mark_reached(self, ctx: CommandContext) -> None:
        """Mark the milestone done."""
        self._require_present()
        if self.done:
            raise RuleViolation(f"The milestone '{self.title}' is already done.")
        self._record(self.MilestoneReached, ctx)

    def reopen(self, ctx: CommandContext) -> None:
        """Undo marking the milestone done."""
        self._require_present()
        if not self.done:
            raise RuleViolation(f"The milestone '{self.title}' is not done; there is nothing to reopen.")
        self._record(self.MilestoneReopened, ctx)

    def remove(self, ctx: CommandContext) -> None:
        """Take the milestone out of the plan."""
        self._require_present()
        self._record(self.MilestoneRemoved, ctx)

    def _require_present(self) -> None:
        if self.removed:
            raise RuleViolation(f"The milestone '{self.title}' was removed from the plan.")
