"""The payment inbox's rows: stray payments and Stripe deliveries, folded without PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from domain.application import BatonApplication
from domain.billing.inputs import Payment
from domain.billing.stray_payment_commands import StrayPaymentCommands
from domain.billing.stripe_event_commands import StripeEventCommands
from projections.billing import PaymentInbox
from projections.engine import replay
from tests.unit.billing.builders import ADMIN, STRIPE, TODAY, at, eur
from tests.unit.projections.log import events_of


def test_stray_payment_waits_unsettled_until_an_admin_settles_it_when_folded(app: BatonApplication) -> None:
    strays = StrayPaymentCommands(app)
    payment = Payment(eur("25.00"), TODAY, "stripe:pi_lost", provider="stripe", reference="pi_lost")
    stray = strays.receive(at(STRIPE), payment, invoice_ref="not-an-invoice", reason="No invoice with that id").id
    strays.settle(at(ADMIN, 1), stray, "Refunded in Stripe")

    (row,) = replay(PaymentInbox(), events_of(app)).rows("stray_payments")

    assert (row["amount"], row["currency"], row["invoice_ref"]) == (Decimal("25.00"), "EUR", "not-an-invoice")
    assert (row["settled"], row["settle_note"], row["settled_by"]) == (True, "Refunded in Stripe", ADMIN.id)


def test_stripe_delivery_shows_its_outcome_and_whether_it_needs_an_admin_when_handled(app: BatonApplication) -> None:
    events = StripeEventCommands(app)
    created = datetime(2026, 3, 1, tzinfo=UTC)
    record = events.receive(at(STRIPE), "evt_1", "charge.refunded", created, "{}").result.id
    events.handle(at(STRIPE), record, "refund for an unknown invoice", attention=True)

    (row,) = replay(PaymentInbox(), events_of(app)).rows("stripe_events")

    assert (row["stripe_id"], row["event_type"], row["created"]) == ("evt_1", "charge.refunded", created)
    assert (row["outcome"], row["attention"]) == ("refund for an unknown invoice", True)
