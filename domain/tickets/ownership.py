"""Who handles a ticket: the side it is routed to (project manager or support) and the person who claimed it.

A record of its own beside the Ticket (one per ticket, id derived from the
ticket's), so routing and claims never contend with the thread, and the
Ticket's file stays small. "I've got this": the first claim wins; a second
claim is refused naming the owner. Two claims at the same moment write the
same version of this record, and the event store keeps exactly one of them:
the other command reloads and is refused the same way. A part of the ticket
can be split off into a new ticket, linked both ways.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from uuid import NAMESPACE_URL, UUID, uuid5

from domain.aggregate import BatonAggregate
from domain.context import CommandContext
from domain.delivery.access import is_admin, is_user
from domain.errors import InvalidInput, NotPermitted, RuleViolation
from domain.tickets.permissions import require_staff

_NAMESPACE = uuid5(NAMESPACE_URL, "baton:ticket-ownership")
MAX_REASON = 1000


class Side(StrEnum):
    """Who answers a ticket: the client's project manager, or the support team."""

    PROJECT_MANAGER = "project_manager"
    SUPPORT = "support"


def ownership_id(ticket_id: UUID | str) -> UUID:
    """The ownership record of the ticket ``ticket_id``."""
    return uuid5(_NAMESPACE, str(UUID(str(ticket_id))))


class AlreadyClaimed(RuleViolation):
    """Someone else claimed the ticket first."""

    title = "Ticket already claimed"


def _side(side: Side | str) -> Side:
    try:
        return Side(side)
    except ValueError:
        raise InvalidInput(f"'{side}' is not a side: 'project_manager' or 'support'.") from None


def _reason(text: str) -> str:
    reason = text.strip()
    if len(reason) > MAX_REASON:
        raise InvalidInput(f"A reason has at most {MAX_REASON} characters.")
    return reason


class TicketOwnership(BatonAggregate):
    """Which side a ticket is with, who claimed it, and the tickets split off it."""

    TOPIC = "baton.ticket.Ownership"

    class Event(BatonAggregate.Event):
        """Base of a ticket ownership's events."""

    class Tracked(Event, BatonAggregate.Created):
        """Baton began keeping who handles the ticket (``split_from``: the ticket it was split off, if any)."""

        TOPIC = "baton.ticket.OwnershipTracked"
        ticket_id: str
        client_id: str
        project_id: str
        split_from: str

    Created = Tracked

    class Routed(Event):
        """The routing table sent the ticket to a side, for its topic (``change_order``: new work, quoted apart)."""

        TOPIC = "baton.ticket.Routed"
        side: str
        topic: str
        reason: str
        change_order: bool

        def apply(self, aggregate: TicketOwnership) -> None:
            aggregate.side, aggregate.topic, aggregate.change_order = self.side, self.topic, self.change_order
            aggregate.reason = self.reason

    class HandedAcross(Event):
        """Someone handed a misrouted ticket to the other side (any claim on it ends)."""

        TOPIC = "baton.ticket.HandedAcross"
        from_side: str
        to_side: str
        reason: str

        def apply(self, aggregate: TicketOwnership) -> None:
            aggregate.side, aggregate.by_hand, aggregate.reason = self.to_side, True, self.reason
            aggregate.owner_id = aggregate.owner_name = ""
            aggregate.claimed_at = None

    class Claimed(Event):
        """ "I've got this": a staff member took the ticket for their side."""

        TOPIC = "baton.ticket.Claimed"
        owner_id: str
        owner_name: str
        side: str

        def apply(self, aggregate: TicketOwnership) -> None:
            aggregate.owner_id, aggregate.owner_name = self.owner_id, self.owner_name
            aggregate.side, aggregate.by_hand, aggregate.claimed_at = self.side, True, self.timestamp

    class Released(Event):
        """The owner (or an admin) gave the claim up, saying why."""

        TOPIC = "baton.ticket.Released"
        owner_id: str
        reason: str

        def apply(self, aggregate: TicketOwnership) -> None:
            aggregate.owner_id = aggregate.owner_name = ""
            aggregate.claimed_at = None

    class PartSplitOff(Event):
        """Part of the ticket became the new ticket ``ticket_id`` (for the side ``side``)."""

        TOPIC = "baton.ticket.PartSplitOff"
        ticket_id: str
        subject: str
        side: str

        def apply(self, aggregate: TicketOwnership) -> None:
            aggregate.parts.append(self.ticket_id)

    def __init__(self, ticket_id: str, client_id: str, project_id: str, split_from: str) -> None:
        self.ticket_id, self.client_id, self.project_id, self.split_from = ticket_id, client_id, project_id, split_from
        self.side = ""  # not routed yet: the desk's usual routing applies
        self.topic = ""
        self.change_order = False
        self.reason = ""  # why the routing put it where it is
        self.by_hand = False  # a person decided the side: routing no longer moves it
        self.owner_id = ""
        self.owner_name = ""
        self.claimed_at: datetime | None = None
        self.parts: list[str] = []

    @classmethod
    def track(
        cls, ctx: CommandContext, ticket_id: UUID, client_id: str, project_id: str, split_from: str = ""
    ) -> TicketOwnership:
        """Begin keeping who handles the ticket ``ticket_id``."""
        tracked: TicketOwnership = cls._start(
            cls.Tracked, ctx, ownership_id(ticket_id),
            ticket_id=str(ticket_id), client_id=client_id, project_id=project_id, split_from=split_from,
        )  # fmt: skip
        return tracked

    def route(
        self, ctx: CommandContext, side: Side | str, topic: str, reason: str, *, change_order: bool = False
    ) -> bool:
        """Send the ticket to ``side`` for ``topic``; False when it is there already or a person decided."""
        chosen = _side(side)
        if self.by_hand or (self.side, self.topic, self.change_order) == (chosen.value, topic, change_order):
            return False
        self._record(
            self.Routed, ctx, side=chosen.value, topic=topic.strip(), reason=_reason(reason), change_order=change_order
        )
        return True

    def hand_across(self, ctx: CommandContext, to: Side | str, reason: str = "") -> None:
        """Hand a misrouted ticket to the other side in one recorded action."""
        require_staff(ctx, "hand a ticket across")
        chosen = _side(to)
        if self.side == chosen.value:
            raise RuleViolation(f"The ticket is with {chosen.value.replace('_', ' ')} already.")
        self._record(self.HandedAcross, ctx, from_side=self.side, to_side=chosen.value, reason=_reason(reason))

    def claim(self, ctx: CommandContext, side: Side | str, name: str) -> bool:
        """ "I've got this": the first claim wins; False when the claimant already owns it."""
        require_staff(ctx, "claim a ticket")
        chosen = _side(side)
        if self.owner_id:
            if is_user(ctx.actor, self.owner_id):
                return False
            since = self.claimed_at.isoformat() if self.claimed_at else "earlier"
            raise AlreadyClaimed(
                f"{self.owner_name or self.owner_id} ({self.side.replace('_', ' ')}) claimed this ticket first, "
                f"at {since}: they own it. Ask them, or split off the part that is yours."
            )
        self._record(self.Claimed, ctx, owner_id=ctx.actor.id, owner_name=name.strip(), side=chosen.value)
        return True

    def release(self, ctx: CommandContext, reason: str = "") -> None:
        """Give a claim up (its owner, or an admin)."""
        require_staff(ctx, "release a ticket")
        if not self.owner_id:
            raise RuleViolation("Nobody has claimed this ticket.")
        if not (is_user(ctx.actor, self.owner_id) or is_admin(ctx.actor)):
            raise NotPermitted("Only the ticket's owner or an admin may release the claim.")
        self._record(self.Released, ctx, owner_id=self.owner_id, reason=_reason(reason))

    def split_off(self, ctx: CommandContext, part_id: UUID, subject: str, side: Side | str) -> None:
        """Record that part of the ticket became the new ticket ``part_id`` (opened by the command)."""
        require_staff(ctx, "split a ticket")
        self._record(self.PartSplitOff, ctx, ticket_id=str(part_id), subject=subject, side=_side(side).value)
