"""The Task aggregate: a piece of a project's work, its assignee, its review and its comments.

Every command takes the task's project, loaded by the command group, to learn
who may act (its manager, its team) and whether it is archived.
"""

from __future__ import annotations

from collections.abc import Mapping
from uuid import UUID

from domain.aggregate import BatonAggregate
from domain.context import CommandContext
from domain.delivery.access import is_user, require
from domain.delivery.values import required
from domain.errors import RuleViolation
from domain.projects.aggregate import Project
from domain.projects.team import NotOnTeam
from domain.tasks.inputs import NewTask, TaskChanges
from domain.tasks.mentions import mentioned
from domain.tasks.workflow import TaskDeleted, TaskStatus, check_move


class Task(BatonAggregate):
    """A piece of a project's work, moved by its assignee and reviewed by the project's manager."""

    TOPIC = "baton.task.Task"

    class Event(BatonAggregate.Event):
        """Base of the task's events."""

    class Created(Event, BatonAggregate.Created):
        """A task was created on a project, in ``to_do`` (``assignee_id`` "" when nobody has it yet)."""

        TOPIC = "baton.task.Created"
        project_id: str
        title: str
        description: str
        due_date: str
        priority: str
        assignee_id: str

    class DetailsChanged(Event):
        """Title, description, due date or priority changed; ``changes`` holds the new values (date ISO)."""

        TOPIC = "baton.task.DetailsChanged"
        changes: dict[str, str]

        def apply(self, aggregate: Task) -> None:
            for field, value in self.changes.items():
                setattr(aggregate, field, value)

    class Reassigned(Event):
        """The task went to another team member (``to_assignee_id`` "" when unassigned)."""

        TOPIC = "baton.task.Reassigned"
        from_assignee_id: str
        to_assignee_id: str

        def apply(self, aggregate: Task) -> None:
            aggregate.assignee_id = self.to_assignee_id

    class StatusChanged(Event):
        """The task moved: started, submitted for review, accepted, or sent back with a comment."""

        TOPIC = "baton.task.StatusChanged"
        from_status: str
        to_status: str

        def apply(self, aggregate: Task) -> None:
            aggregate.status = self.to_status

    class CommentAdded(Event):
        """Someone commented; ``mentions`` are the ids of the team members it @mentions."""

        TOPIC = "baton.task.CommentAdded"
        comment_id: str
        text: str
        mentions: list[str]

        def apply(self, aggregate: Task) -> None:
            aggregate.comments_count += 1

    class Deleted(Event):
        """The task was deleted: views hide it, the history keeps it."""

        TOPIC = "baton.task.Deleted"
        reason: str

        def apply(self, aggregate: Task) -> None:
            aggregate.deleted = True

    def __init__(  # noqa: PLR0913
        self, project_id: str, title: str, description: str, due_date: str, priority: str, assignee_id: str
    ) -> None:
        self.project_id = project_id
        self.title = title
        self.description = description
        self.due_date = due_date
        self.priority = priority
        self.assignee_id = assignee_id
        # Plain strings, not enums: snapshots store JSON.
        self.status = TaskStatus.TO_DO.value
        self.comments_count = 0
        self.deleted = False

    # -- commands --------------------------------------------------------------

    @classmethod
    def add(cls, ctx: CommandContext, task_id: UUID, task: NewTask, project: Project) -> Task:
        """Create a task on ``project`` (admins and the project's manager, while it is open)."""
        project.require_manager(ctx, "create tasks")
        project.require_open("add tasks")
        data = task.as_data()
        _check_assignee(project, data["assignee_id"])
        created: Task = cls._start(cls.Created, ctx, task_id, **data)
        return created

    def change_details(self, ctx: CommandContext, project: Project, changes: TaskChanges) -> None:
        """Change title, description, due date or priority; unchanged values are not recorded."""
        self._require_managed(ctx, project, "edit tasks")
        actual = {k: v for k, v in changes.as_data().items() if getattr(self, k) != v}
        if actual:
            self._record(self.DetailsChanged, ctx, changes=actual)

    def reassign(self, ctx: CommandContext, project: Project, assignee_id: str) -> None:
        """Give the task to another team member ("" for nobody)."""
        self._require_managed(ctx, project, "reassign tasks")
        _check_assignee(project, assignee_id)
        if assignee_id == self.assignee_id:
            raise RuleViolation("The task already has that assignee.")
        self._record(self.Reassigned, ctx, from_assignee_id=self.assignee_id, to_assignee_id=assignee_id)

    def move(  # noqa: PLR0913
        self,
        ctx: CommandContext,
        project: Project,
        to: TaskStatus,
        comment_id: UUID,
        comment: str = "",
        handles: Mapping[str, UUID | str] | None = None,
    ) -> None:
        """Move the task along its workflow; sending it back records the comment with it."""
        self._require_present()
        project.require_open("move its tasks")
        manages, mine = project.can_manage(ctx), is_user(ctx.actor, self.assignee_id)
        check_move(TaskStatus(self.status), to, manages=manages, assignee=mine, comment=comment)
        self._record(self.StatusChanged, ctx, from_status=self.status, to_status=TaskStatus(to).value)
        if comment.strip():
            self.comment(ctx, project, comment_id, comment, handles)

    def comment(
        self,
        ctx: CommandContext,
        project: Project,
        comment_id: UUID,
        text: str,
        handles: Mapping[str, UUID | str] | None = None,
    ) -> None:
        """Comment on the task (anyone who can see it: admins and the project's team)."""
        self._require_present()
        require(
            project.can_work(ctx) or (ctx.actor.role != "client" and is_user(ctx.actor, self.assignee_id)),
            "Only an admin, the task's assignee or a member of the project's team may comment on a task.",
        )
        body = required(text, "A comment cannot be empty.")
        team = [project.manager_id, *project.member_ids]
        self._record(
            self.CommentAdded, ctx, comment_id=str(comment_id), text=body, mentions=mentioned(body, team, handles)
        )

    def delete(self, ctx: CommandContext, project: Project, reason: str = "") -> None:
        """Delete the task: hidden from views, kept in the history."""
        self._require_managed(ctx, project, "delete tasks")
        self._record(self.Deleted, ctx, reason=reason.strip())

    def _require_present(self) -> None:
        if self.deleted:
            raise TaskDeleted(f"The task '{self.title}' was deleted.")

    def _require_managed(self, ctx: CommandContext, project: Project, doing: str) -> None:
        self._require_present()
        project.require_manager(ctx, doing)
        project.require_open(doing)


def _check_assignee(project: Project, assignee_id: str) -> None:
    if assignee_id and not project.on_team(assignee_id):
        raise NotOnTeam("A task can only be assigned to a member of the project's team (or its manager).")
