"""Stripe payments: each delivery's payment, failure or refund recorded on its invoice exactly once."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any
from uuid import UUID

from domain.application import BatonApplication
from domain.billing.invoice import Invoice
from domain.billing.invoice_commands import InvoiceCommands
from domain.billing.statuses import InvoiceStatus
from domain.billing.stripe_event import StripeEvent
from domain.billing.stripe_event_commands import StripeEventCommands
from processes.billing.stripe_payments import StripePayments
from tests.builders.stripe import checkout_session, event, payment_intent, refunded_charge
from tests.unit.billing.builders import ADMIN, STRIPE, at, sent_invoice
from tests.unit.billing.processes.rig import Rig
from tests.unit.projections.log import events_of

TOTAL = 119_000  # 1,190.00 EUR in cents


def deliver(app: BatonApplication, data: dict[str, Any]) -> UUID:
    created = at(STRIPE).now
    return StripeEventCommands(app).receive(at(STRIPE), data["id"], data["type"], created, json.dumps(data)).result.id


def topics(app: BatonApplication, invoice: UUID) -> list[str]:
    return [t for _, t, e in events_of(app) if e.originator_id == invoice]


def test_payment_is_recorded_once_when_its_intent_and_its_checkout_both_report_it(app: BatonApplication) -> None:
    rig = Rig(app, StripePayments)
    invoice = sent_invoice(app)
    intent = payment_intent(str(invoice), TOTAL)
    deliver(app, event("payment_intent.succeeded", intent))
    deliver(app, event("checkout.session.completed", checkout_session(str(invoice), TOTAL, intent["id"])))

    rig.run()
    rig.replay_all()

    assert app.load(Invoice, invoice).status is InvoiceStatus.PAID
    assert topics(app, invoice).count("baton.invoice.PaymentRecorded") == 1


def test_payment_for_an_unknown_invoice_is_kept_for_an_admin_when_reported(app: BatonApplication) -> None:
    rig = Rig(app, StripePayments)
    record = deliver(app, event("payment_intent.succeeded", payment_intent("no-such-invoice", 5000, intent_id="pi_x")))
    rig.run()
    rig.replay_all()

    stored = [e for _, t, e in events_of(app) if t == "baton.invoice.StrayPaymentReceived"]
    assert (
        len(stored) == 1 and stored[0].amount.amount == Decimal("50.00") and stored[0].invoice_ref == "no-such-invoice"
    )
    handled = app.load(StripeEvent, record)
    assert handled.attention and "stray" in handled.outcome


def test_payment_for_a_void_invoice_is_kept_beyond_what_it_owes_and_flagged_when_reported(
    app: BatonApplication,
) -> None:
    rig = Rig(app, StripePayments)
    invoice = sent_invoice(app)
    InvoiceCommands(app).void(at(ADMIN), invoice, "Wrong client")
    record = deliver(app, event("payment_intent.succeeded", payment_intent(str(invoice), TOTAL)))
    rig.run()

    voided = app.load(Invoice, invoice)
    assert (voided.status, voided.balance.unapplied.amount) == (InvoiceStatus.VOID, Decimal("1190.00"))
    assert app.load(StripeEvent, record).attention


def test_failure_reported_after_its_payment_succeeded_changes_nothing_when_it_arrives_late(
    app: BatonApplication,
) -> None:
    rig = Rig(app, StripePayments)
    invoice = sent_invoice(app)
    intent = payment_intent(str(invoice), TOTAL, intent_id="pi_late")
    deliver(app, event("payment_intent.succeeded", intent))
    deliver(app, event("payment_intent.payment_failed", intent | {"last_payment_error": {"message": "Declined"}}))
    rig.run()

    assert "baton.invoice.PaymentFailed" not in topics(app, invoice)
    assert app.load(Invoice, invoice).status is InvoiceStatus.PAID


def test_refunds_are_recorded_up_to_what_stripe_reports_in_all_when_repeated_or_out_of_order(
    app: BatonApplication,
) -> None:
    rig = Rig(app, StripePayments)
    invoice = sent_invoice(app)
    ref, pi = str(invoice), "pi_ref"
    deliver(app, event("charge.refunded", refunded_charge(ref, pi, TOTAL, 10_000)))  # before its payment's event
    deliver(app, event("payment_intent.succeeded", payment_intent(ref, TOTAL, intent_id=pi)))
    deliver(app, event("charge.refunded", refunded_charge(ref, pi, TOTAL, 30_000)))
    deliver(app, event("charge.refunded", refunded_charge(ref, pi, TOTAL, 10_000)))  # an older one, late
    rig.run()
    rig.replay_all()

    paid = app.load(Invoice, invoice)
    assert topics(app, invoice).count("baton.invoice.PaymentRecorded") == 1
    assert topics(app, invoice).count("baton.invoice.RefundRecorded") == 2
    assert paid.refunded["stripe:pi_ref"] == Decimal("300.00")
    assert (paid.status, paid.balance.owed.amount) == (InvoiceStatus.PARTIALLY_PAID, Decimal("300.00"))


def test_malformed_report_is_flagged_and_the_process_goes_on_when_an_amount_is_wrong(app: BatonApplication) -> None:
    rig = Rig(app, StripePayments)
    invoice = sent_invoice(app)
    bad = deliver(app, event("payment_intent.succeeded", payment_intent(str(invoice), TOTAL, "xyz")))
    good = deliver(app, event("payment_intent.succeeded", payment_intent(str(invoice), TOTAL)))
    rig.run()

    assert app.load(StripeEvent, bad).attention and not app.load(StripeEvent, good).attention
    assert app.load(Invoice, invoice).status is InvoiceStatus.PAID
