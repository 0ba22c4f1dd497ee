"""Commands on Stripe events: record one delivery once, and what acting on it did."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from domain.application import CommandResult
from domain.billing.changes import RETRIES, BillingCommands
from domain.billing.ids import stripe_event_id
from domain.billing.stripe_event import StripeEvent
from domain.context import CommandContext
from domain.errors import ConcurrentChange


@dataclass(frozen=True)
class Delivery:
    """What recording a delivery answers: the record, and whether Stripe had delivered it before."""

    result: CommandResult
    repeat: bool


class StripeEventCommands(BillingCommands):
    """The write side of Stripe events."""

    def receive(
        self, ctx: CommandContext, stripe_id: str, event_type: str, created: datetime, payload: str
    ) -> Delivery:
        """Record a delivery; a repeat of its Stripe id (even one arriving at the same moment) records nothing."""
        record_id = stripe_event_id(stripe_id)
        existing = self.find(StripeEvent, record_id)
        if existing is None:
            try:
                result = self.create(StripeEvent.receive(ctx, stripe_id, event_type, created, payload))
                return Delivery(result, repeat=False)
            except ConcurrentChange:  # another delivery of the same event won the race
                existing = self.load(StripeEvent, record_id)
        return Delivery(CommandResult(id=existing.id, version=existing.version, position=0), repeat=True)

    def handle(self, ctx: CommandContext, record_id: UUID, outcome: str, *, attention: bool) -> CommandResult:
        """Record what acting on the event did (once)."""
        return self.change(
            StripeEvent, record_id, lambda e: e.handle(ctx, outcome, attention=attention), retries=RETRIES
        )
