"""Commands on outbound email; queueing is idempotent by the email's id."""

from __future__ import annotations

from uuid import UUID

from domain.application import BatonApplication, CommandResult
from domain.context import CommandContext
from domain.errors import ConcurrentChange, NotFound
from domain.outbox.aggregate import OutboundEmail


class EmailCommands:
    """Queue emails and record what happened to them."""

    def __init__(self, app: BatonApplication) -> None:
        self._app = app

    def get(self, email_id: UUID) -> OutboundEmail:
        return self._app.load(OutboundEmail, email_id)

    def queue(
        self, ctx: CommandContext, email_id: UUID, *, to: str, template: str, data: dict[str, str]
    ) -> CommandResult | None:
        """Queue an email; None when an email with this id was already queued (a repeat)."""
        try:
            self._app.load(OutboundEmail, email_id)
            return None
        except NotFound:
            pass
        email = OutboundEmail.queue(ctx, email_id, to=to, template=template, data=data)
        try:
            return self._app.commit(email)
        except ConcurrentChange:
            return None  # queued by someone else at the same moment: same effect

    def mark_sent(self, ctx: CommandContext, email_id: UUID, transport: str) -> CommandResult:
        """Record that the email was sent."""
        email = self._app.load(OutboundEmail, email_id)
        email.mark_sent(ctx, transport)
        return self._app.commit(email)

    def mark_failed(self, ctx: CommandContext, email_id: UUID, error: str) -> CommandResult:
        """Record a failed attempt."""
        email = self._app.load(OutboundEmail, email_id)
        email.mark_failed(ctx, error)
        return self._app.commit(email)

    def drop(self, ctx: CommandContext, email_id: UUID, reason: str) -> CommandResult:
        """Give up on an email that is no longer wanted."""
        email = self._app.load(OutboundEmail, email_id)
        email.drop(ctx, reason)
        return self._app.commit(email)
