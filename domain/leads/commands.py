"""Commands on leads: register, move through the pipeline, add notes."""

from __future__ import annotations

from uuid import UUID, uuid4

from domain.application import BatonApplication, CommandResult
from domain.context import CommandContext
from domain.leads.aggregate import Lead, LeadStatus


class LeadCommands:
    """The lead pipeline's write side."""

    def __init__(self, app: BatonApplication) -> None:
        self._app = app

    def register(  # noqa: PLR0913
        self,
        ctx: CommandContext,
        *,
        name: str,
        company: str = "",
        email: str = "",
        phone: str = "",
        source: str = "",
        notes: str = "",
        website: str = "",
        lead_id: UUID | None = None,
    ) -> CommandResult:
        """Register a new lead."""
        lead = Lead.register(
            ctx,
            lead_id or uuid4(),
            name=name,
            company=company,
            email=email,
            phone=phone,
            source=source,
            notes=notes,
            website=website,
        )
        return self._app.commit(lead)

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
        lead = self._app.load_expecting(Lead, lead_id, expected_version)
        lead.change_status(ctx, status, reason)
        return self._app.commit(lead)

    def add_note(
        self, ctx: CommandContext, lead_id: UUID, text: str, *, expected_version: int | None = None
    ) -> CommandResult:
        """Add a note to a lead."""
        lead = self._app.load_expecting(Lead, lead_id, expected_version)
        lead.add_note(ctx, text)
        return self._app.commit(lead)
