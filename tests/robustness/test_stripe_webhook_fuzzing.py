"""The Stripe webhook fuzzed: bad, missing, stale and forged signatures, malformed bodies, and signed bodies of every
shape. Never a 500; nothing recorded unless the signature verifies; the payments process never stumbles on what was."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from api.app import create_app
from baton.container import Container, build
from processes.billing.stripe_payments import StripePayments
from processes.manager import ProcessRunner
from tests.builders import settings as baton_settings
from tests.builders.identity import TEST_SECRET_KEY
from tests.builders.schemas import fresh_schema
from tests.builders.stripe import TEST_WEBHOOK_SECRET, event, payment_intent, refunded_charge, signature

PATH = "/webhooks/stripe"
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
TYPES = ["payment_intent.succeeded", "payment_intent.payment_failed", "charge.refunded", "checkout.session.completed"]

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=12,
)
# Stripe-shaped objects whose fields are sometimes right, sometimes of the wrong kind.
shaped_objects = st.fixed_dictionaries(
    {},
    optional={
        "id": st.one_of(st.text(max_size=30), st.integers(), st.none()),
        "amount": st.one_of(st.integers(-5, 10**17), st.floats(allow_nan=False), st.text(max_size=5)),
        "amount_received": st.one_of(st.integers(-5, 10**17), st.text(max_size=5)),
        "amount_refunded": st.integers(-5, 10**6),
        "currency": st.sampled_from(["eur", "jpy", "xyz", "", "EUR"]) | st.integers(),
        "metadata": st.one_of(st.dictionaries(st.text(max_size=12), st.text(max_size=40), max_size=3), json_values),
        "payment_intent": st.one_of(st.text(max_size=30), st.none(), st.dictionaries(st.just("id"), st.text())),
        "payment_status": st.sampled_from(["paid", "unpaid", None]),
        "last_payment_error": json_values,
    },
)


@pytest.fixture(scope="module")
def container(database_url: str) -> Iterator[Container]:
    with fresh_schema(database_url) as schema:
        built = build(
            baton_settings(database_url, schema, secret_key=TEST_SECRET_KEY, stripe_webhook_secret=TEST_WEBHOOK_SECRET)
        )
        try:
            yield built
        finally:
            built.close()


@pytest.fixture(scope="module")
def client(container: Container) -> Iterator[TestClient]:
    with TestClient(create_app(container), raise_server_exceptions=False) as test_client:
        yield test_client


def recorded(container: Container) -> int:
    with container.pool.connection() as conn:
        row = conn.execute("SELECT count(*) FROM baton_events WHERE topic = 'baton.stripe.EventReceived'").fetchone()
    return int(row[0]) if row else 0


@FUZZ
@given(body=st.binary(max_size=300), header=st.one_of(st.none(), st.text(max_size=120)))
def test_unsigned_or_badly_signed_bytes_are_refused_and_nothing_is_recorded_when_posted(
    container: Container, client: TestClient, body: bytes, header: str | None
) -> None:
    before = recorded(container)
    headers = {"Stripe-Signature": header} if header is not None and header.isprintable() and header.isascii() else {}
    answer = client.post(PATH, content=body, headers=headers)
    assert answer.status_code == 400, answer.text
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert recorded(container) == before


@FUZZ
@given(obj=shaped_objects, kind=st.sampled_from(TYPES), secret=st.sampled_from(["whsec_other", TEST_WEBHOOK_SECRET]),
       age=st.sampled_from([0, 10_000]))  # fmt: skip
def test_forged_or_stale_signatures_are_refused_and_nothing_is_recorded_when_posted(
    container: Container, client: TestClient, obj: dict[str, Any], kind: str, secret: str, age: int
) -> None:
    if secret == TEST_WEBHOOK_SECRET and age == 0:
        secret = "whsec_forged"  # only wrong keys or old timestamps here
    payload = json.dumps(event(kind, obj))
    before = recorded(container)
    answer = client.post(
        PATH, content=payload, headers={"Stripe-Signature": signature(payload, secret, int(time.time()) - age)}
    )
    assert answer.status_code == 400, answer.text
    assert recorded(container) == before


@FUZZ
@given(data=json_values | st.builds(lambda kind, obj: event(kind, obj), st.sampled_from(TYPES), shaped_objects))
def test_signed_bodies_of_any_shape_are_recorded_or_refused_never_failing_when_posted(
    container: Container, client: TestClient, data: Any
) -> None:
    payload = json.dumps(data)
    answer = client.post(PATH, content=payload, headers={"Stripe-Signature": signature(payload)})
    assert answer.status_code in (200, 400), answer.text


def test_the_payments_process_handles_every_recorded_event_without_failing_when_run_after_the_fuzz(
    container: Container, client: TestClient
) -> None:
    # Events aimed at nothing, and some at money, as Stripe would send them: the process records each outcome.
    for data in (
        event("payment_intent.succeeded", payment_intent("not-an-invoice", 100)),
        event("charge.refunded", refunded_charge("00000000-0000-0000-0000-000000000000", "pi_x", 100, 100)),
    ):
        payload = json.dumps(data)
        assert client.post(PATH, content=payload, headers={"Stripe-Signature": signature(payload)}).status_code == 200
    manager = next(p for p in container.processes if isinstance(p, StripePayments))
    with container.source.connect() as conn:
        ProcessRunner(manager, container.source).run_until_caught_up(conn)
        handled = conn.execute("SELECT count(*) FROM baton_events WHERE topic = 'baton.stripe.EventHandled'").fetchone()
        errors = conn.execute("SELECT last_error FROM process_state WHERE name = %s", (manager.name,)).fetchone()
    assert handled is not None and handled[0] == recorded(container)
    assert errors is not None and errors[0] is None
