"""Commands on overrides (a project's manager lets a person log time on a paused project) and on hour tags."""

from __future__ import annotations

from uuid import UUID

from domain.application import CommandResult
from domain.commands import CommandGroup
from domain.context import CommandContext
from domain.errors import InvalidInput
from domain.projects.aggregate import Project
from domain.time.overrides import TimeOverride, override_id
from domain.time.tags import BUILT_IN, CATALOGUE_ID, TagCatalogue
from domain.users.aggregate import User


class OverrideCommands(CommandGroup):
    """Grant and revoke overrides."""

    def grant(self, ctx: CommandContext, project_id: UUID, person_id: UUID, reason: str = "") -> CommandResult:
        """Let a staff member log time on the project whatever its status (again, if it was revoked)."""
        project = self.find(Project, project_id)
        if project is None:
            raise InvalidInput(f"There is no project with id {project_id}.")
        person = self.find(User, person_id)
        if person is None or not person.is_staff:
            raise InvalidInput(f"There is no admin or employee with id {person_id} to grant an override to.")
        existing = self.find(TimeOverride, override_id(project_id, person_id))
        if existing is None:
            return self.create(TimeOverride.grant(ctx, project, str(person.id), reason))
        return self.change(TimeOverride, existing.id, lambda o: o.regrant(ctx, project, reason))

    def revoke(
        self, ctx: CommandContext, id_: UUID, reason: str = "", *, expected_version: int | None = None
    ) -> CommandResult:
        """Withdraw an override."""

        def revoke(override: TimeOverride) -> None:
            override.revoke(ctx, self.load(Project, UUID(override.project_id)), reason)

        return self.change(TimeOverride, id_, revoke, expected_version=expected_version)


class TagCommands(CommandGroup):
    """Add hour tags beside the built-in ones."""

    def add(self, ctx: CommandContext, name: str, description: str = "") -> CommandResult:
        """Add a tag (admins)."""
        catalogue = self.find(TagCatalogue, CATALOGUE_ID)
        if catalogue is None:
            catalogue = TagCatalogue.start(ctx)
            catalogue.add(ctx, name, description)
            return self.create(catalogue)
        return self.change(TagCatalogue, CATALOGUE_ID, lambda c: c.add(ctx, name, description), retries=2)

    def names(self) -> list[str]:
        catalogue = self.find(TagCatalogue, CATALOGUE_ID)
        return catalogue.names if catalogue is not None else list(BUILT_IN)
