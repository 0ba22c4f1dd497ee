"""Payments no invoice can take: kept once per key for an admin, never lost."""

from __future__ import annotations

import pytest

from domain.application import BatonApplication
from domain.billing.ids import payment_id
from domain.billing.invoice_commands import Payment
from domain.billing.stray_payment import StrayPayment
from domain.billing.stray_payment_commands import StrayPaymentCommands
from domain.errors import InvalidInput, InvalidTransition, NotPermitted
from tests.unit.billing.builders import ADMIN, EMPLOYEE, STRIPE, TODAY, at, eur

PAYMENT = Payment(eur("250.00"), TODAY, "stripe:pi_unknown", method="card", provider="stripe", reference="pi_unknown")


@pytest.fixture
def strays(app: BatonApplication) -> StrayPaymentCommands:
    return StrayPaymentCommands(app)


def test_a_payment_for_no_known_invoice_is_kept_once_when_reported_again_and_again(
    app: BatonApplication, strays: StrayPaymentCommands
) -> None:
    first = strays.receive(at(STRIPE), PAYMENT, invoice_ref="inv_gone", reason="no such invoice")
    repeats = [strays.receive(at(STRIPE), PAYMENT, invoice_ref="inv_gone", reason="no such invoice") for _ in range(2)]
    assert first.id == payment_id("stripe:pi_unknown") and first.position > 0
    assert [(r.id, r.version, r.position) for r in repeats] == [(first.id, 1, 0)] * 2
    stray = app.load(StrayPayment, first.id)
    assert (stray.amount, stray.invoice_ref, stray.reason, stray.settled) == (
        eur("250.00"),
        "inv_gone",
        "no such invoice",
        False,
    )


def test_an_admin_settles_a_stray_payment_once_with_a_note_when_it_was_dealt_with(
    app: BatonApplication, strays: StrayPaymentCommands
) -> None:
    stray_id = strays.receive(at(STRIPE), PAYMENT, invoice_ref="", reason="no invoice id in the metadata").id
    with pytest.raises(InvalidInput):
        strays.settle(at(ADMIN), stray_id, " ")
    with pytest.raises(NotPermitted):
        strays.settle(at(EMPLOYEE), stray_id, "Refunded")
    strays.settle(at(ADMIN), stray_id, "Refunded in Stripe")
    assert app.load(StrayPayment, stray_id).settled
    with pytest.raises(InvalidTransition):
        strays.settle(at(ADMIN), stray_id, "Refunded twice?")


def test_keeping_a_stray_payment_is_refused_when_a_person_other_than_an_admin_reports_it(
    strays: StrayPaymentCommands,
) -> None:
    with pytest.raises(NotPermitted):
        strays.receive(at(EMPLOYEE), PAYMENT, invoice_ref="", reason="")
