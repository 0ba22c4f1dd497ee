"""The payment inbox: money no invoice could take, and every Stripe delivery with what Baton did with it."""

from __future__ import annotations

from domain.billing.stray_payment import StrayPayment
from domain.billing.stripe_event import StripeEvent
from projections.engine import Column, Entities, Fold, Projection, handles
from projections.engine import position_column as position
from projections.engine import version_column as version

STRAYS = Entities(
    "stray_payments",
    (
        Column("id", "uuid"),
        Column("payment_key", "text"),
        Column("amount", "numeric"),
        Column("currency", "text"),
        Column("received_on", "date"),
        Column("provider", "text"),
        Column("reference", "text"),
        Column("invoice_ref", "text"),
        Column("reason", "text"),
        Column("settled", "boolean", changes=True, default=False),
        Column("settle_note", "text", changes=True, default=""),
        Column("settled_by", "text", changes=True, default=""),
        Column("received_at", "timestamptz"),
        Column("updated_at", "timestamptz", changes=True),
        version(),
        position(),
    ),
    indexes=("(received_at, id)", "(settled)"),
)

STRIPE_EVENTS = Entities(
    "stripe_events",
    (
        Column("id", "uuid"),
        Column("stripe_id", "text"),
        Column("event_type", "text"),
        Column("created", "timestamptz"),
        Column("received_at", "timestamptz"),
        Column("outcome", "text", changes=True, default=""),
        Column("attention", "boolean", changes=True, default=False),
        Column("handled_at", "timestamptz", changes=True, default=None),
        Column("updated_at", "timestamptz", changes=True),
        version(),
        position(),
    ),
    indexes=("(received_at, id)", "(attention)"),
)


class PaymentInbox(Projection):
    """Payments waiting for an admin, and Stripe's deliveries with their outcome."""

    name = "payment_inbox"
    version = 1
    tables = (STRAYS, STRIPE_EVENTS)

    @handles(StrayPayment.Received)
    def stray(self, fold: Fold, e: StrayPayment.Received) -> None:
        fold.insert(
            STRAYS,
            e,
            payment_key=e.payment_key,
            amount=e.amount.amount,
            currency=e.amount.currency,
            received_on=e.received_on,
            provider=e.provider,
            reference=e.reference,
            invoice_ref=e.invoice_ref,
            reason=e.reason,
            received_at=e.timestamp,
        )

    @handles(StrayPayment.Settled)
    def settled(self, fold: Fold, e: StrayPayment.Settled) -> None:
        if (row := fold.update(STRAYS, e)) is not None:
            row.update(settled=True, settle_note=e.note, settled_by=e.actor_id)

    @handles(StripeEvent.Received)
    def delivered(self, fold: Fold, e: StripeEvent.Received) -> None:
        fold.insert(
            STRIPE_EVENTS, e, stripe_id=e.stripe_id, event_type=e.event_type, created=e.created, received_at=e.timestamp
        )

    @handles(StripeEvent.Handled)
    def handled(self, fold: Fold, e: StripeEvent.Handled) -> None:
        if (row := fold.update(STRIPE_EVENTS, e)) is not None:
            row.update(outcome=e.outcome, attention=e.attention, handled_at=e.timestamp)
