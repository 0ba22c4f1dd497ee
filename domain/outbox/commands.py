"""Commands on outbound email; queueing is idempotent by the email's id."""

from __future__ import annotations

from uuid import UUID

from domain.application import CommandResult
from domain.commands import CommandGroup
from domain.context import CommandContext
from domain.errors import ConcurrentChange
from domain.outbox.aggregate import OutboundEmail


class EmailCommands(CommandGroup):
    """Queue emails and record what happened to them."""

    def get(self, email_id: UUID) -> OutboundEmail:
        return self.load(OutboundEmail, email_id)

    def queue(
        self, ctx: CommandContext, email_id: UUID, *, to: str, template: str, data: dict[str, str]
    ) -> CommandResult | None:
        """Queue an email; None when an email with this id was already queued (a repeat)."""
        if self.find(OutboundEmail, email_id) is not None:
            return None
        try:
            return self.create(OutboundEmail.queue(ctx, email_id, to=to, template=template, data=data))
        except ConcurrentChange:
            return None  # queued by someone else at the same moment: same effect

    def mark_sent(self, ctx: CommandContext, email_id: UUID, transport: str) -> CommandResult:
        """Record that the email was sent."""
        return self.change(OutboundEmail, email_id, lambda email: email.mark_sent(ctx, transport))

    def mark_failed(self, ctx: CommandContext, email_id: UUID, error: str) -> CommandResult:
        """Record a failed attempt."""
        return self.change(OutboundEmail, email_id, lambda email: email.mark_failed(ctx, error))

    def drop(self, ctx: CommandContext, email_id: UUID, reason: str) -> CommandResult:
        """Give up on an email that is no longer wanted."""
        return self.change(OutboundEmail, email_id, lambda email: email.drop(ctx, reason))
