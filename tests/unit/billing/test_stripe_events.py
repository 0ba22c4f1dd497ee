"""Recording Stripe deliveries: once per Stripe event id, by the system only, and what acting on one did."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from domain.application import BatonApplication
from domain.billing.stripe_event import StripeEvent
from domain.billing.stripe_event_commands import StripeEventCommands
from domain.errors import NotPermitted
from tests.unit.billing.builders import ADMIN, STRIPE, at

CREATED = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


def test_delivery_is_recorded_raw_once_when_stripe_sends_it_twice(app: BatonApplication) -> None:
    events = StripeEventCommands(app)
    first = events.receive(at(STRIPE), "evt_1", "payment_intent.succeeded", CREATED, '{"id": "evt_1"}')
    again = events.receive(at(STRIPE), "evt_1", "payment_intent.succeeded", CREATED, '{"id": "evt_1"}')
    assert (first.repeat, again.repeat) == (False, True)
    assert again.result.id == first.result.id and again.result.position == 0
    stored = app.load(StripeEvent, first.result.id)
    assert (stored.payload, stored.version) == ('{"id": "evt_1"}', 1)


def test_outcome_is_recorded_once_when_the_event_is_handled_again(app: BatonApplication) -> None:
    events = StripeEventCommands(app)
    record = events.receive(at(STRIPE), "evt_2", "charge.refunded", CREATED, "{}").result.id
    events.handle(at(STRIPE), record, "recorded a refund", attention=False)
    events.handle(at(STRIPE), record, "something else", attention=True)
    stored = app.load(StripeEvent, record)
    assert (stored.outcome, stored.attention, stored.version) == ("recorded a refund", False, 2)


def test_only_the_system_records_a_delivery_when_a_user_tries(app: BatonApplication) -> None:
    with pytest.raises(NotPermitted):
        StripeEventCommands(app).receive(at(ADMIN), "evt_3", "charge.refunded", CREATED, "{}")
