"""Commands on who handles a ticket: route it, hand it across, claim or release it, split part of it off.

The ownership record is made on first use (with the ticket's client and
project), in the same commit as the first thing done to it. A race between two
commands (two claims at once) lands on the same version: the loser reloads
once and is answered as if it had come second, so a second claim is refused
naming the owner.
"""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID, uuid4

from domain.aggregate import BatonAggregate
from domain.application import CommandResult
from domain.commands import CommandGroup
from domain.context import CommandContext
from domain.errors import ConcurrentChange
from domain.tickets import rules
from domain.tickets.aggregate import Ticket
from domain.tickets.inputs import NewTicket, Requester, RequesterKind
from domain.tickets.ownership import Side, TicketOwnership, ownership_id
from domain.tickets.policy_commands import UrgentCategoryCommands
from domain.users.aggregate import User

# One reload after losing a race is enough to see the winner; a little more rides out a busy moment.
_RACE_RETRIES = 2

Act = Callable[[TicketOwnership], "tuple[BatonAggregate, ...] | bool | None"]


class TicketOwnershipCommands(CommandGroup):
    """The write side of ticket ownership: routing, handing across, claims and splits."""

    def of(self, ticket_id: UUID) -> TicketOwnership | None:
        """The ticket's ownership record, or None while nothing was decided about it."""
        return self.find(TicketOwnership, ownership_id(ticket_id))

    def route(  # noqa: PLR0913
        self, ctx: CommandContext, ticket_id: UUID, side: Side, topic: str, reason: str, *, change_order: bool = False
    ) -> CommandResult | None:
        """Send the ticket to ``side`` for ``topic``; None when nothing changed (already there, or decided by hand)."""
        return self._act(ctx, ticket_id, lambda o: o.route(ctx, side, topic, reason, change_order=change_order))

    def hand_across(self, ctx: CommandContext, ticket_id: UUID, to: Side, reason: str = "") -> CommandResult | None:
        """Hand a misrouted ticket to the other side."""
        return self._act(ctx, ticket_id, lambda o: o.hand_across(ctx, to, reason))

    def claim(self, ctx: CommandContext, ticket_id: UUID, side: Side) -> CommandResult | None:
        """ "I've got this" for ``side``: None when the claimant owns it already; AlreadyClaimed naming the owner."""
        name = self._name_of(ctx.actor.id)
        return self._act(ctx, ticket_id, lambda o: o.claim(ctx, side, name), open_only=True)

    def release(self, ctx: CommandContext, ticket_id: UUID, reason: str = "") -> CommandResult | None:
        """Give a claim up (its owner or an admin)."""
        return self._act(ctx, ticket_id, lambda o: o.release(ctx, reason))

    def split_off(self, ctx: CommandContext, ticket_id: UUID, subject: str, text: str, side: Side) -> CommandResult:
        """Open a new ticket with part of this one (same client, project and requester), linked both ways.

        The answer names the new ticket.
        """
        ticket = self.load(Ticket, ticket_id)
        rules.require_open(ticket)
        kind, requester = self._requester(ticket_id)
        new = NewTicket(
            subject=subject, client_id=ticket.client_id, requester=Requester(RequesterKind(kind), requester),
            message=text, project_id=ticket.project_id, category=ticket.category,
        )  # fmt: skip
        categories = UrgentCategoryCommands(self._app).categories()
        made: list[Ticket] = []

        def act(ownership: TicketOwnership) -> tuple[BatonAggregate, ...]:
            # Made afresh on each attempt: a lost race saves nothing of the last one.
            part = rules.open_ticket(ctx, uuid4(), new, categories)
            part_ownership = TicketOwnership.track(ctx, part.id, ticket.client_id, ticket.project_id, str(ticket_id))
            part_ownership.route(ctx, side, "", f"split off ticket {ticket_id}")
            ownership.split_off(ctx, part.id, part.subject, side)
            made[:] = [part]
            return (part, part_ownership)

        result = self._act(ctx, ticket_id, act)
        assert result is not None  # a split always records
        return CommandResult(id=made[0].id, version=made[0].version, position=result.position)

    def _act(self, ctx: CommandContext, ticket_id: UUID, act: Act, *, open_only: bool = False) -> CommandResult | None:
        attempt = 0
        while True:
            ownership = self.of(ticket_id)
            if ownership is None:
                ticket = self.load(Ticket, ticket_id)
                ownership = TicketOwnership.track(ctx, ticket.id, ticket.client_id, ticket.project_id)
            if open_only:
                rules.require_open(self.load(Ticket, ticket_id))
            others = act(ownership)
            extra = others if isinstance(others, tuple) else ()
            if not ownership.pending_events and not extra:
                return None
            try:
                return self._app.commit(ownership, *extra)
            except ConcurrentChange:
                attempt += 1
                if attempt > _RACE_RETRIES:
                    raise

    def _requester(self, ticket_id: UUID) -> tuple[str, str]:
        opened = next(iter(self._app.events.get(ticket_id, lte=1)), None)
        if not isinstance(opened, Ticket.Opened):
            return RequesterKind.CONTACT.value, "unknown"
        return opened.requester_kind, opened.requester_id

    def _name_of(self, user_id: str) -> str:
        try:
            user = self.find(User, UUID(user_id))
        except ValueError:
            return ""
        return (user.name or user.email) if user is not None else ""
