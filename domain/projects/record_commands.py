"""Commands on the records a project holds: milestones, deployments and documents.

Each is its own aggregate; every command first loads the project to check who
may act: admins and the project's manager plan milestones and share documents,
the whole team records deployments.
"""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID, uuid4

from domain.application import CommandResult
from domain.commands import CommandGroup
from domain.context import CommandContext
from domain.projects.aggregate import Project
from domain.projects.deployment import Deployment, NewDeployment
from domain.projects.document import Document, NewDocument, Visibility
from domain.projects.inputs import MilestoneChanges, NewMilestone
from domain.projects.milestone import Milestone

__all__ = ["DeploymentCommands", "DocumentCommands", "MilestoneCommands"]


def _project(group: CommandGroup, project_id: UUID | str) -> Project:
    return group.load(Project, UUID(str(project_id)))


class MilestoneCommands(CommandGroup):
    """The write side of a project's milestones (admins and the project's manager, while it is open)."""

    def add(self, ctx: CommandContext, milestone: NewMilestone, *, milestone_id: UUID | None = None) -> CommandResult:
        """Add a milestone to a project's plan."""
        self._check(ctx, milestone.project_id)
        return self.create(Milestone.add(ctx, milestone_id or uuid4(), milestone))

    def edit(
        self, ctx: CommandContext, milestone_id: UUID, changes: MilestoneChanges, *, expected_version: int | None = None
    ) -> CommandResult:
        """Change a milestone's title or target date."""
        return self._act(ctx, milestone_id, lambda m: m.change(ctx, changes), expected_version)

    def mark_reached(
        self, ctx: CommandContext, milestone_id: UUID, *, expected_version: int | None = None
    ) -> CommandResult:
        """Mark a milestone done."""
        return self._act(ctx, milestone_id, lambda m: m.mark_reached(ctx), expected_version)

    def reopen(self, ctx: CommandContext, milestone_id: UUID, *, expected_version: int | None = None) -> CommandResult:
        """Undo marking a milestone done."""
        return self._act(ctx, milestone_id, lambda m: m.reopen(ctx), expected_version)

    def remove(self, ctx: CommandContext, milestone_id: UUID, *, expected_version: int | None = None) -> CommandResult:
        """Take a milestone out of the plan."""
        return self._act(ctx, milestone_id, lambda m: m.remove(ctx), expected_version)

    def _check(self, ctx: CommandContext, project_id: UUID | str) -> None:
        project = _project(self, project_id)
        project.require_manager(ctx, "plan milestones")
        project.require_open("change its milestones")

    def _act(
        self, ctx: CommandContext, milestone_id: UUID, act: Callable[[Milestone], None], expected: int | None
    ) -> CommandResult:
        def checked(milestone: Milestone) -> None:
            self._check(ctx, milestone.project_id)
            act(milestone)

        return self.change(Milestone, milestone_id, checked, expected_version=expected)


class DeploymentCommands(CommandGroup):
    """The write side of deployments (admins and the project's team, archived projects included)."""

    def record(
        self, ctx: CommandContext, deployment: NewDeployment, *, deployment_id: UUID | None = None
    ) -> CommandResult:
        """Record a deployment of a project."""
        _project(self, deployment.project_id).require_team(ctx, "record deployments")
        return self.create(Deployment.record(ctx, deployment_id or uuid4(), deployment))


class DocumentCommands(CommandGroup):
    """The write side of a project's documents (admins and the project's manager)."""

    def upload(self, ctx: CommandContext, document: NewDocument, *, document_id: UUID | None = None) -> CommandResult:
        """Record an uploaded file on a project (its bytes are stored by then, found by ``sha256``)."""
        _project(self, document.project_id).require_manager(ctx, "upload documents")
        return self.create(Document.upload(ctx, document_id or uuid4(), document))

    def change_visibility(
        self, ctx: CommandContext, document_id: UUID, visibility: Visibility, *, expected_version: int | None = None
    ) -> CommandResult:
        """Share a document with the client, or make it internal again."""
        return self._act(ctx, document_id, lambda d: d.change_visibility(ctx, visibility), expected_version)

    def delete(
        self, ctx: CommandContext, document_id: UUID, *, reason: str = "", expected_version: int | None = None
    ) -> CommandResult:
        """Delete a document: hidden from every view, kept in the history."""
        return self._act(ctx, document_id, lambda d: d.delete(ctx, reason), expected_version)

    def _act(
        self, ctx: CommandContext, document_id: UUID, act: Callable[[Document], None], expected: int | None
    ) -> CommandResult:
        def checked(document: Document) -> None:
            _project(self, document.project_id).require_manager(ctx, "change documents")
            act(document)

        return self.change(Document, document_id, checked, expected_version=expected)
