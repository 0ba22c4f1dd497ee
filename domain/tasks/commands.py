"""Commands on tasks: each loads the task's project to learn who may act."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from uuid import UUID, uuid4

from domain.application import CommandResult
from domain.commands import CommandGroup
from domain.context import CommandContext
from domain.projects.aggregate import Project
from domain.tasks.aggregate import Task
from domain.tasks.inputs import NewTask, TaskChanges
from domain.tasks.workflow import TaskStatus

__all__ = ["NewTask", "TaskChanges", "TaskCommands"]

Handles = Mapping[str, UUID | str]


class TaskCommands(CommandGroup):
    """The write side of tasks."""

    def add(self, ctx: CommandContext, task: NewTask, *, task_id: UUID | None = None) -> CommandResult:
        """Create a task on a project (admins and the project's manager)."""
        project = self.load(Project, task.project_id)
        return self.create(Task.add(ctx, task_id or uuid4(), task, project))

    def change_details(
        self, ctx: CommandContext, task_id: UUID, changes: TaskChanges, *, expected_version: int | None = None
    ) -> CommandResult:
        """Change a task's title, description, due date or priority."""
        return self._act(task_id, lambda t, p: t.change_details(ctx, p, changes), expected_version)

    def reassign(
        self, ctx: CommandContext, task_id: UUID, assignee_id: UUID | None, *, expected_version: int | None = None
    ) -> CommandResult:
        """Give a task to another member of the project's team (``None``: to nobody)."""
        assignee = "" if assignee_id is None else str(assignee_id)
        return self._act(task_id, lambda t, p: t.reassign(ctx, p, assignee), expected_version)

    def change_status(  # noqa: PLR0913
        self,
        ctx: CommandContext,
        task_id: UUID,
        status: TaskStatus,
        *,
        comment: str = "",
        comment_id: UUID | None = None,
        handles: Handles | None = None,
        expected_version: int | None = None,
    ) -> CommandResult:
        """Move a task: its assignee up to ``in_review``; an admin or the manager accepts or sends it back."""
        new_id = comment_id or uuid4()
        return self._act(task_id, lambda t, p: t.move(ctx, p, status, new_id, comment, handles), expected_version)

    def comment(  # noqa: PLR0913
        self,
        ctx: CommandContext,
        task_id: UUID,
        text: str,
        *,
        comment_id: UUID | None = None,
        handles: Handles | None = None,
        expected_version: int | None = None,
    ) -> CommandResult:
        """Comment on a task; @mentions of the team are stored as user ids (``handles`` resolves @names)."""
        new_id = comment_id or uuid4()
        return self._act(task_id, lambda t, p: t.comment(ctx, p, new_id, text, handles), expected_version)

    def delete(
        self, ctx: CommandContext, task_id: UUID, *, reason: str = "", expected_version: int | None = None
    ) -> CommandResult:
        """Delete a task: hidden from views, kept in the history."""
        return self._act(task_id, lambda t, p: t.delete(ctx, p, reason), expected_version)

    def _act(self, task_id: UUID, act: Callable[[Task, Project], None], expected_version: int | None) -> CommandResult:
        def with_project(task: Task) -> None:
            act(task, self.load(Project, UUID(task.project_id)))

        return self.change(Task, task_id, with_project, expected_version=expected_version)
