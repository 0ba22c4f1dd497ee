"""Commands on leads: register, move through the pipeline, add notes."""

from __future__ import annotations

from uuid import UUID, uuid4

from domain.application import CommandResult
from domain.commands import CommandGroup
from domain.context import CommandContext
from domain.errors import InvalidInput
from domain.leads.aggregate import Lead, LeadStatus, NewLead
from domain.leads.details import LeadChanges
from domain.users.aggregate import User

__all__ = ["LeadChanges", "LeadCommands", "NewLead"]


class LeadCommands(CommandGroup):
    """The lead pipeline's write side."""

    def register(self, ctx: CommandContext, lead: NewLead, *, lead_id: UUID | None = None) -> CommandResult:
        """Register a new lead."""
        return self.create(Lead.register(ctx, lead_id or uuid4(), lead))

    def change_status(
        self,
        ctx: CommandContext,
        lead_id: UUID,
        status: LeadStatus,
        *,
        reason: str = "",
        expected_version: int | None = None,
    ) -> CommandResult:
        """Move a lead to ``status`` (``lost`` needs a reason)."""
        return self.change(
            Lead, lead_id, lambda lead: lead.change_status(ctx, status, reason), expected_version=expected_version
        )

    def add_note(
        self, ctx: CommandContext, lead_id: UUID, text: str, *, expected_version: int | None = None
    ) -> CommandResult:
        """Add a note to a lead."""
        return self.change(Lead, lead_id, lambda lead: lead.add_note(ctx, text), expected_version=expected_version)

    def edit(
        self, ctx: CommandContext, lead_id: UUID, changes: LeadChanges, *, expected_version: int | None = None
    ) -> CommandResult:
        """Correct a lead's details, owner or follow-up date (recorded with the values before and after)."""
        if changes.owner_id:
            self._check_owner(changes.owner_id)
        return self.change(Lead, lead_id, lambda lead: lead.edit(ctx, changes), expected_version=expected_version)

    def reopen(
        self, ctx: CommandContext, lead_id: UUID, reason: str, *, expected_version: int | None = None
    ) -> CommandResult:
        """Reopen a lost lead (admins), with the reason."""
        return self.change(Lead, lead_id, lambda lead: lead.reopen(ctx, reason), expected_version=expected_version)

    def _check_owner(self, owner_id: str) -> None:
        # A lead is owned by someone of the agency who can still work on it.
        try:
            owner = self.find(User, UUID(owner_id))
        except ValueError:
            owner = None
        if owner is None or not owner.is_staff or not owner.can_sign_in:
            raise InvalidInput(f"No active admin or employee has the id {owner_id}: a lead's owner must be one.")
