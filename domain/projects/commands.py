"""Commands on projects: set up, edit the plan and team, move the status, write notes."""

from __future__ import annotations

from decimal import Decimal
from uuid import UUID, uuid4

from domain.application import CommandResult
from domain.clients.aggregate import Client
from domain.commands import CommandGroup
from domain.context import CommandContext
from domain.delivery.staff import staff_id
from domain.errors import NotFound
from domain.projects.aggregate import Project
from domain.projects.inputs import NewProject, ProjectChanges
from domain.projects.status import ProjectStatus

__all__ = ["NewProject", "ProjectChanges", "ProjectCommands"]


class ProjectCommands(CommandGroup):
    """The write side of projects."""

    def plan(self, ctx: CommandContext, project: NewProject, *, project_id: UUID | None = None) -> CommandResult:
        """Set up a project for a client, in ``planning``, with its manager and members."""
        planned = Project.plan(ctx, project_id or uuid4(), project)
        if self.find(Client, project.client_id) is None:
            raise NotFound(f"There is no client with id {project.client_id} to set a project up for.")
        staff_id(self, project.manager_id, "project manager")
        for member in project.member_ids:
            staff_id(self, member, "project member")
        return self.create(planned)

    def change_details(
        self, ctx: CommandContext, project_id: UUID, changes: ProjectChanges, *, expected_version: int | None = None
    ) -> CommandResult:
        """Change the project's name, description or dates."""
        return self.change(
            Project, project_id, lambda p: p.change_details(ctx, changes), expected_version=expected_version
        )

    def change_budget(
        self, ctx: CommandContext, project_id: UUID, hours: Decimal | None, *, expected_version: int | None = None
    ) -> CommandResult:
        """Set, change or remove (``None``) the project's budget in hours."""
        return self.change(
            Project, project_id, lambda p: p.change_budget(ctx, hours), expected_version=expected_version
        )

    def change_manager(
        self, ctx: CommandContext, project_id: UUID, manager_id: UUID, *, expected_version: int | None = None
    ) -> CommandResult:
        """Give the project to another manager."""
        manager = staff_id(self, manager_id, "project manager")
        return self.change(
            Project, project_id, lambda p: p.change_manager(ctx, manager), expected_version=expected_version
        )

    def add_member(
        self, ctx: CommandContext, project_id: UUID, user_id: UUID, *, expected_version: int | None = None
    ) -> CommandResult:
        """Add a staff member to the project's team."""

        def add(project: Project) -> None:
            project.require_manager(ctx, "change the team")
            project.add_member(ctx, staff_id(self, user_id, "project member"))

        return self.change(Project, project_id, add, expected_version=expected_version)

    def remove_member(
        self, ctx: CommandContext, project_id: UUID, user_id: UUID, *, expected_version: int | None = None
    ) -> CommandResult:
        """Take a staff member off the project's team."""
        return self.change(
            Project, project_id, lambda p: p.remove_member(ctx, str(user_id)), expected_version=expected_version
        )

    def change_status(
        self,
        ctx: CommandContext,
        project_id: UUID,
        status: ProjectStatus,
        *,
        reason: str = "",
        expected_version: int | None = None,
    ) -> CommandResult:
        """Move the project to ``status`` (``completed`` and ``cancelled`` need a reason)."""
        return self.change(
            Project, project_id, lambda p: p.change_status(ctx, status, reason), expected_version=expected_version
        )

    def add_note(
        self,
        ctx: CommandContext,
        project_id: UUID,
        text: str,
        *,
        kickoff: bool = False,
        note_id: UUID | None = None,
        expected_version: int | None = None,
    ) -> CommandResult:
        """Add a note to the project (``kickoff`` for the kickoff meeting's notes)."""
        new_id = note_id or uuid4()
        return self.change(
            Project,
            project_id,
            lambda p: p.add_note(ctx, new_id, text, kickoff=kickoff),
            expected_version=expected_version,
        )
