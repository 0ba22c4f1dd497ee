"""Reading Stripe's event shapes: what each handled event reports, and refusals of anything malformed."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from domain.billing.money import Money
from domain.billing.stripe_reports import (
    FailureReport,
    PaymentReport,
    RefundReport,
    envelope,
    report_of,
    report_of_body,
)
from domain.errors import InvalidInput
from tests.builders.stripe import checkout_session, event, payment_intent, refunded_charge

INVOICE = "0b7d2f6e-5d8a-4f0e-9a49-2d1d5c0f9a11"


def test_succeeded_payment_intent_reports_its_amount_in_major_units_keyed_by_the_intent_when_read() -> None:
    data = event("payment_intent.succeeded", payment_intent(INVOICE, 119_000, intent_id="pi_1"), created=1_770_000_000)
    env, report = report_of_body(data)
    assert env.created == datetime.fromtimestamp(1_770_000_000, UTC)
    assert report == PaymentReport(INVOICE, "stripe:pi_1", Money.of("1190.00", "EUR"), "pi_1")


def test_completed_checkout_reports_the_same_payment_key_as_its_intent_when_paid() -> None:
    report = report_of(envelope(event("checkout.session.completed", checkout_session(INVOICE, 500, "pi_9"))))
    assert isinstance(report, PaymentReport) and report.key == "stripe:pi_9" and report.amount == Money.of("5", "EUR")


def test_unpaid_checkout_reports_nothing_when_the_payment_is_still_pending() -> None:
    session = checkout_session(INVOICE, 500, "pi_9") | {"payment_status": "unpaid"}
    assert report_of(envelope(event("checkout.session.completed", session))) is None


def test_zero_decimal_currency_is_read_without_minor_units_when_paid_in_yen() -> None:
    report = report_of(envelope(event("payment_intent.succeeded", payment_intent(INVOICE, 1500, "jpy"))))
    assert isinstance(report, PaymentReport) and report.amount == Money.of("1500", "JPY")


def test_failed_payment_reports_its_reason_keyed_by_the_event_when_an_attempt_fails() -> None:
    intent = payment_intent(INVOICE, 100, intent_id="pi_2") | {"last_payment_error": {"message": "Card declined"}}
    report = report_of(envelope(event("payment_intent.payment_failed", intent, event_id="evt_f")))
    assert report == FailureReport(INVOICE, "stripe:pi_2:failed:evt_f", "stripe:pi_2", "Card declined")


def test_refunded_charge_reports_what_was_refunded_in_all_when_read() -> None:
    report = report_of(envelope(event("charge.refunded", refunded_charge(INVOICE, "pi_3", 1000, 250))))
    assert report == RefundReport(INVOICE, "stripe:pi_3", "ch_3", Money.of("10.00", "EUR"), Money.of("2.50", "EUR"))


def test_other_event_types_report_nothing_when_baton_does_not_act_on_them() -> None:
    assert report_of(envelope(event("customer.created", {"id": "cus_1", "object": "customer"}))) is None


@pytest.mark.parametrize(
    "data",
    [
        [],
        {"object": "event"},
        event("payment_intent.succeeded", {}) | {"created": "yesterday"},
        event("payment_intent.succeeded", {}) | {"data": {}},
        event("payment_intent.succeeded", {}) | {"id": ""},
        event("payment_intent.succeeded", {}) | {"created": True},
    ],
    ids=["not-an-object", "no-fields", "bad-created", "no-data-object", "blank-id", "boolean-created"],
)
def test_malformed_envelope_is_refused_when_read(data: Any) -> None:
    with pytest.raises(InvalidInput):
        envelope(data)


@pytest.mark.parametrize(
    "obj",
    [
        payment_intent(INVOICE, -5),
        payment_intent(INVOICE, 100, "xyz"),
        payment_intent(INVOICE, 100) | {"amount_received": 1.5, "amount": 1.5},
        payment_intent(INVOICE, 100) | {"id": None},
    ],
    ids=["negative", "unknown-currency", "float-amount", "no-id"],
)
def test_malformed_payment_is_refused_when_reported(obj: dict[str, Any]) -> None:
    with pytest.raises(InvalidInput):
        report_of(envelope(event("payment_intent.succeeded", obj)))


def test_refund_larger_than_its_charge_is_refused_when_reported() -> None:
    with pytest.raises(InvalidInput):
        report_of(envelope(event("charge.refunded", refunded_charge(INVOICE, "pi_4", 100, 101))))
