"""A Stripe event as it arrived at the webhook: recorded once per Stripe event id, raw, before anything acts on it."""

from __future__ import annotations

from datetime import datetime

from domain.aggregate import BatonAggregate
from domain.billing.access import SYSTEM, require
from domain.billing.ids import stripe_event_id
from domain.context import CommandContext
from domain.errors import InvalidInput

MAX_OUTCOME = 500


class StripeEvent(BatonAggregate):
    """One delivery of a Stripe event, kept word for word; its id derives from Stripe's event id."""

    TOPIC = "baton.stripe.StripeEvent"
    stripe_id: str
    event_type: str
    created: datetime
    payload: str
    outcome: str = ""
    attention: bool = False

    class Event(BatonAggregate.Event):
        """Base of the Stripe event's events."""

    class Received(Event, BatonAggregate.Created):
        """A signed Stripe event arrived; ``payload`` is its body exactly as delivered."""

        TOPIC = "baton.stripe.EventReceived"
        stripe_id: str
        event_type: str
        created: datetime
        payload: str

    Created = Received

    class Handled(Event):
        """Baton acted on the event: what it recorded, and whether an admin should look (``attention``)."""

        TOPIC = "baton.stripe.EventHandled"
        outcome: str
        attention: bool

        def apply(self, aggregate: StripeEvent) -> None:
            aggregate.outcome, aggregate.attention = self.outcome, self.attention

    @classmethod
    def receive(
        cls, ctx: CommandContext, stripe_id: str, event_type: str, created: datetime, payload: str
    ) -> StripeEvent:
        """Record the event as delivered (the webhook, acting as the system, after checking the signature)."""
        require(ctx, frozenset({SYSTEM}), "record a Stripe event")
        if not stripe_id.strip() or not event_type.strip():
            raise InvalidInput("A Stripe event has an id and a type.")
        received: StripeEvent = cls._start(
            cls.Received, ctx, stripe_event_id(stripe_id), stripe_id=stripe_id, event_type=event_type,
            created=created, payload=payload,
        )  # fmt: skip
        return received

    def handle(self, ctx: CommandContext, outcome: str, *, attention: bool) -> bool:
        """Record what acting on the event did; False (nothing recorded) when that was already recorded."""
        require(ctx, frozenset({SYSTEM}), "record what a Stripe event did")
        if self.outcome:
            return False
        self._record(self.Handled, ctx, outcome=(outcome.strip() or "nothing to do")[:MAX_OUTCOME], attention=attention)
        return True
