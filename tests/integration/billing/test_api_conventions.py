"""Billing's API conventions on PostgreSQL: a record as it was at a version (and what a client user may see of its
history), amounts as strings with floats refused, Idempotency-Key on payments, read-your-writes, If-Match."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.identity.provision import provision_user
from baton.container import Container
from domain.users import Role

LINES = [{"description": "Design", "quantity": "2", "unit_price": "500.00", "tax_rate": "19"}]


@pytest.fixture
def api(container: Container) -> Iterator[tuple[TestClient, dict[str, dict[str, str]]]]:
    container.start_runners()  # the views follow the log, so reads with min_position see each write
    users = {
        "admin": provision_user(container.identity, role=Role.ADMIN),
        "client": provision_user(container.identity, role=Role.CLIENT, client_id="acme"),
        "stranger": provision_user(container.identity, role=Role.CLIENT, client_id="globex"),
    }
    headers = {name: {"Authorization": f"Bearer {user.token}"} for name, user in users.items()}
    with TestClient(create_app(container)) as client:
        yield client, headers


def ok(answer: Any, status: int = 200) -> Any:
    assert answer.status_code == status, answer.text
    return answer.json()


def test_a_proposal_reads_as_it_was_at_each_version_and_a_client_sees_only_what_was_sent_to_them(
    api: tuple[TestClient, dict[str, dict[str, str]]], container: Container
) -> None:
    http, who = api
    today = container.clock.now().date()
    body = {"title": "Relaunch", "currency": "EUR", "valid_until": str(today + timedelta(days=20)), "lines": LINES,
            "client_id": "acme"}  # fmt: skip
    proposal = ok(http.post("/proposals", json=body, headers=who["admin"]), 201)["id"]
    revised = ok(http.patch(f"/proposals/{proposal}", json={"title": "Relaunch, phase one"},
                            headers={**who["admin"], "If-Match": "1"}))  # fmt: skip
    stale = http.post(f"/proposals/{proposal}/send", headers={**who["admin"], "If-Match": "1"})
    assert stale.status_code == 412
    sent = ok(http.post(f"/proposals/{proposal}/send", headers={**who["admin"], "If-Match": str(revised["version"])}))

    first = ok(http.get(f"/proposals/{proposal}", params={"version": 1}, headers=who["admin"]))
    assert (first["title"], first["status"], first["total"]) == ("Relaunch", "draft", "1190.00")
    assert http.get(f"/proposals/{proposal}", params={"version": 1}, headers=who["client"]).status_code == 404
    assert ok(http.get(f"/proposals/{proposal}", params={"version": 3}, headers=who["client"]))["status"] == "sent"
    assert http.get(f"/proposals/{proposal}", params={"version": 3}, headers=who["stranger"]).status_code == 404
    assert http.get(f"/proposals/{proposal}", params={"version": 9}, headers=who["admin"]).status_code == 404

    current = ok(http.get(f"/proposals/{proposal}", params={"min_position": sent["position"]}, headers=who["client"]))
    assert current["title"] == "Relaunch, phase one" and current["subtotal"] == "1000.00"
    assert http.get(f"/proposals/{proposal}", headers=who["stranger"]).status_code == 404


def test_money_is_exact_strings_in_and_out_and_a_payment_is_recorded_once_per_idempotency_key(
    api: tuple[TestClient, dict[str, dict[str, str]]],
) -> None:
    http, who = api
    admin = who["admin"]
    floaty = {"client_id": "acme", "currency": "EUR", "lines": [{**LINES[0], "unit_price": 500.5}]}
    refused = http.post("/invoices", json=floaty, headers=admin)
    assert refused.status_code == 422 and "never a float" in refused.text
    too_precise = {"client_id": "acme", "currency": "JPY", "lines": [{**LINES[0], "unit_price": "500.5"}]}
    assert http.post("/invoices", json=too_precise, headers=admin).status_code == 422
    invoice = ok(
        http.post("/invoices", json={"client_id": "acme", "currency": "EUR", "lines": LINES}, headers=admin), 201
    )
    ok(http.post(f"/invoices/{invoice['id']}/send", headers={**admin, "If-Match": "1"}))
    today = str(http.app.state.container.clock.now().date())  # type: ignore[attr-defined]
    payment = {"amount": "400.00", "received_on": today, "reference": "TX 1"}
    path = f"/invoices/{invoice['id']}/payments"

    assert http.post(path, json=payment, headers=admin).status_code == 422  # no Idempotency-Key
    first = ok(http.post(path, json=payment, headers={**admin, "Idempotency-Key": "bank-line-1"}), 201)
    again = ok(http.post(path, json=payment, headers={**admin, "Idempotency-Key": "bank-line-1"}), 200)
    other = http.post(path, json={**payment, "amount": "1.00"}, headers={**admin, "Idempotency-Key": "bank-line-1"})

    assert (first["repeat"], again["repeat"], again["version"], again["position"]) == (False, True, first["version"], 0)
    assert first["status"] == "partially_paid" and other.status_code == 409
    read = ok(http.get(f"/invoices/{invoice['id']}", params={"min_position": first["position"]}, headers=admin))
    assert (read["total"], read["paid"], read["owed"]) == ("1190.00", "400.00", "790.00")
    assert [(e["kind"], e["amount"], e["key"]) for e in read["ledger"]] == [("payment", "400.00", "manual:bank-line-1")]
    listed = ok(http.get("/invoices", params={"min_position": first["position"]}, headers=who["client"]))
    assert listed["totals"]["EUR"]["outstanding"] == "790.00" and listed["counts"] == {"partially_paid": 1}
    assert ok(http.get("/invoices", headers=who["stranger"]))["items"] == []
