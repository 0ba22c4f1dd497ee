"""Stripe's payments recorded exactly once on PostgreSQL: the same event twice, two deliveries racing through the
webhook, and the payment intent and its checkout both reporting one payment."""

from __future__ import annotations

import threading
from typing import Any

import httpx
from fastapi.testclient import TestClient

from api.app import create_app
from baton.container import Container
from domain.billing.invoice import Invoice
from domain.billing.invoice_commands import InvoiceCommands
from domain.billing.statuses import InvoiceStatus
from processes.billing.stripe_payments import StripePayments
from processes.manager import ProcessRunner
from tests.builders.stripe import checkout_session, event, payment_intent, signed
from tests.integration.billing.views import logged_events
from tests.unit.billing.builders import sent_invoice

DELIVERIES = 8


def stripe_process(container: Container) -> None:
    manager = next(p for p in container.processes if isinstance(p, StripePayments))
    with container.source.connect() as conn:
        ProcessRunner(manager, container.source).run_until_caught_up(conn)


def topics(container: Container, topic: str) -> int:
    return sum(1 for _, t, _ in logged_events(container) if t == topic)


def race(client: TestClient, data: dict[str, Any]) -> list[httpx.Response]:
    body, headers = signed(data)
    start, answers = threading.Barrier(DELIVERIES), []

    def deliver() -> None:
        start.wait()
        answers.append(client.post("/webhooks/stripe", content=body, headers=headers))

    threads = [threading.Thread(target=deliver) for _ in range(DELIVERIES)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return answers


def test_racing_deliveries_of_one_event_record_it_and_its_payment_once_when_eight_arrive_together(
    container: Container,
) -> None:
    invoice = sent_invoice(container.app)
    intent = payment_intent(str(invoice), 119_000)
    with TestClient(create_app(container)) as client:
        answers = race(client, event("payment_intent.succeeded", intent))
        body, headers = signed(event("payment_intent.succeeded", intent | {"amount_received": 1}))
        tampered = client.post("/webhooks/stripe", content=body.replace('"amount_received": 1', '"amount_received": 2'),
                               headers=headers)  # fmt: skip
    assert sorted(a.status_code for a in answers) == [200] * DELIVERIES
    assert [a.json()["repeat"] for a in answers].count(False) == 1
    assert len({a.json()["id"] for a in answers}) == 1
    assert tampered.status_code == 400  # the body changed after signing: refused

    stripe_process(container)
    stripe_process(container)  # and again from where it is: nothing new
    assert topics(container, "baton.stripe.EventReceived") == 1
    assert topics(container, "baton.invoice.PaymentRecorded") == 1
    assert InvoiceCommands(container.app).load(Invoice, invoice).status is InvoiceStatus.PAID


def test_intent_and_checkout_reporting_one_payment_record_it_once_when_both_are_delivered(
    container: Container,
) -> None:
    invoice = sent_invoice(container.app)
    intent = payment_intent(str(invoice), 50_000)
    session = checkout_session(str(invoice), 50_000, intent["id"])
    with TestClient(create_app(container)) as client:
        for data in (event("checkout.session.completed", session), event("payment_intent.succeeded", intent)):
            body, headers = signed(data)
            assert client.post("/webhooks/stripe", content=body, headers=headers).json()["repeat"] is False
            assert client.post("/webhooks/stripe", content=body, headers=headers).json()["repeat"] is True

    stripe_process(container)
    paid = InvoiceCommands(container.app).load(Invoice, invoice)
    assert topics(container, "baton.invoice.PaymentRecorded") == 1
    assert (paid.status, str(paid.balance.owed.amount)) == (InvoiceStatus.PARTIALLY_PAID, "690.00")
