"""Commands Baton's timers run on tickets; each is idempotent and records nothing when the moment has passed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from uuid import UUID

from domain.application import CommandResult
from domain.commands import CommandGroup
from domain.context import CommandContext
from domain.tickets import timers
from domain.tickets.aggregate import Ticket
from domain.tickets.deadlines import AUTO_CLOSE_AFTER
from domain.tickets.policy_commands import SlaPolicyCommands

# A timer's command does not depend on what anyone saw: on a race, try again.
_RETRIES = 5


class TicketTimerCommands(CommandGroup):
    """Auto-close, at-risk and breach: called with the firing deadline's key; None when nothing changed."""

    def auto_close(
        self, ctx: CommandContext, ticket_id: UUID, key: str, *, after: timedelta = AUTO_CLOSE_AFTER
    ) -> CommandResult | None:
        """Close a ticket resolved for ``after`` or longer."""
        return self._fire(ticket_id, lambda t: timers.auto_close(t, ctx, key, after))

    def mark_at_risk(self, ctx: CommandContext, ticket_id: UUID, kind: str, key: str) -> CommandResult | None:
        """Mark the ``kind`` target (first_response or resolution) at risk under the policy in force."""
        terms = SlaPolicyCommands(self._app).terms()
        return self._fire(ticket_id, lambda t: timers.mark_at_risk(t, ctx, kind, key, terms))

    def record_breach(self, ctx: CommandContext, ticket_id: UUID, kind: str, key: str) -> CommandResult | None:
        """Record that the ``kind`` target was missed, under the policy in force."""
        terms = SlaPolicyCommands(self._app).terms()
        return self._fire(ticket_id, lambda t: timers.record_breach(t, ctx, kind, key, terms))

    def record_due_times(
        self,
        ctx: CommandContext,
        ticket_id: UUID,
        first_response_due: datetime | None,
        resolution_due: datetime | None,
        policy_version: int,
    ) -> CommandResult | None:
        """Record the SLA due times the timers were set to (shown in the queue); None when they did not move."""
        return self._fire(
            ticket_id,
            lambda t: timers.record_due_times(t, ctx, first_response_due, resolution_due, policy_version),
        )

    def _fire(self, ticket_id: UUID, act: Callable[[Ticket], bool]) -> CommandResult | None:
        changed: list[bool] = []
        result = self.change(Ticket, ticket_id, lambda t: changed.append(act(t)), retries=_RETRIES)
        return result if changed and changed[-1] else None
