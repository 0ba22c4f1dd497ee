"""Billing over real HTTP with a real SMTP server, a movable clock and a local Stripe stand-in.

A proposal is drafted, sent (the client gets the email), approved by the client user; the
contract accepted; the invoice process drafts the invoice; it is sent as INV-<year>-0001;
moving the clock past the due date marks it overdue and sends the reminder; a signed Stripe
webhook pays it; the same webhook replayed, an out-of-order older event and a badly signed one
change nothing; the revenue report and ageing are right.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

import httpx
import pytest

from domain.billing.ids import invoice_id_for
from domain.users import Role
from tests.builders.identity import TEST_SECRET_KEY, signed_in_user
from tests.builders.smtp import Mailbox, smtp_server
from tests.builders.stripe import TEST_WEBHOOK_SECRET, event, payment_intent, signed
from tests.builders.stripe_stub import StripeStub, stripe_stub
from tests.e2e.billing_steps import eventually, sign_in_again, wait_for_subject
from tests.e2e.client import ApiClient
from tests.e2e.server import ServerHandle, start_server

BILLING = "accounts@acme.test"


@pytest.fixture
def mail() -> Iterator[tuple[Mailbox, int]]:
    with smtp_server() as server:
        yield server


@pytest.fixture
def stub() -> Iterator[StripeStub]:
    with stripe_stub() as running:
        yield running


@pytest.fixture
def billing_server(
    database_url: str, schema: str, mail: tuple[Mailbox, int], stub: StripeStub
) -> Iterator[ServerHandle]:
    env = {
        "BATON_SECRET_KEY": TEST_SECRET_KEY,
        "BATON_ENVIRONMENT": "test",
        "BATON_MOVABLE_CLOCK": "true",
        "BATON_SMTP_HOST": "127.0.0.1",
        "BATON_SMTP_PORT": str(mail[1]),
        "BATON_SMTP_TLS": "none",
        "BATON_SMTP_FROM": "Baton <billing@baton.test>",
        "BATON_PUBLIC_URL": "https://baton.example.test",
        "BATON_STRIPE_API_KEY": "sk_test_baton_only",
        "BATON_STRIPE_API_BASE": stub.base_url,
        "BATON_STRIPE_WEBHOOK_SECRET": TEST_WEBHOOK_SECRET,
        "BATON_INVOICE_REMINDER_DAYS": "7",
        "BATON_TIMER_POLL_INTERVAL": "1",
    }
    with start_server(database_url, schema, env, ready_timeout=120) as handle:
        yield handle


def webhook(server: ServerHandle, data: dict[str, Any], *, secret: str = TEST_WEBHOOK_SECRET) -> httpx.Response:
    body, headers = signed(data, secret)
    return httpx.post(f"{server.base_url}/webhooks/stripe", content=body, headers=headers, timeout=10)


def test_a_proposal_becomes_a_paid_invoice_with_emails_reminders_and_stripe_when_walked_over_http(  # noqa: PLR0915
    billing_server: ServerHandle, database_url: str, schema: str, mail: tuple[Mailbox, int], stub: StripeStub
) -> None:
    mailbox = mail[0]
    admin_user = signed_in_user(database_url, schema, email="finance.admin@agency.test")
    admin = ApiClient(billing_server.base_url, admin_user.token)
    acme = admin.post("/clients", {"company_name": "Acme", "account_manager_id": str(admin_user.user_id),
                                   "billing_email": BILLING}, expect=201)["id"]  # fmt: skip
    client_user = signed_in_user(database_url, schema, Role.CLIENT, client_id=acme)
    client = ApiClient(billing_server.base_url, client_user.token)
    today = datetime.fromisoformat(admin.get("/clock")["now"]).date()

    # Drafted with an internal review comment, then sent: the client gets the email with the link.
    lines = [{"description": "Design sprint", "quantity": "10", "unit_price": "100.00", "tax_rate": "19"}]
    draft = {"title": "Website relaunch", "currency": "EUR", "valid_until": str(today + timedelta(days=30)),
             "lines": lines, "client_id": acme}  # fmt: skip
    proposal = admin.post("/proposals", draft, expect=201)["id"]
    assert admin.problem("POST", "/proposals", 422, json={**draft, "lines": [{**lines[0], "unit_price": 100.5}]})
    reviewed = admin.post(f"/proposals/{proposal}/comments", {"text": "Check the day rate"}, expect=201)
    assert client.problem("GET", f"/proposals/{proposal}", 404)  # a draft is the agency's own
    assert admin.problem("POST", f"/proposals/{proposal}/send", 412, headers={"If-Match": "1"})
    sent = admin.post(f"/proposals/{proposal}/send", if_match=reviewed["version"])
    [offer] = wait_for_subject(mailbox, BILLING, "Proposal: Website relaunch")
    assert f"https://baton.example.test/proposals/{proposal}" in offer.get_content()

    seen = client.get(f"/proposals/{proposal}", params={"min_position": sent["position"]})
    assert (seen["status"], seen["total"], seen["taxes"]) == ("sent", "1190.00", {"19": "190.00"})
    assert seen["reviews"] is None and seen["review_comments"] is None  # internal comments stay with staff
    assert [p["id"] for p in client.get("/proposals")["items"]] == [proposal]

    # The client user approves; the team hears of it; the invoice process drafts the invoice.
    client.post(f"/proposals/{proposal}/approve", {"comment": "Go ahead"})
    assert client.problem("POST", f"/proposals/{proposal}/decline", 409, json={})["title"] == "Already decided"
    wait_for_subject(mailbox, "finance.admin@agency.test", "Proposal approved: Website relaunch")
    invoice = str(invoice_id_for(UUID(proposal)))
    draft_status = eventually(
        lambda: admin.request("GET", f"/invoices/{invoice}", expect=(200, 404)).status_code, "the draft invoice",
        check=lambda code: code == 200,
    )  # fmt: skip
    assert draft_status == 200 and admin.get(f"/invoices/{invoice}")["status"] == "draft"
    assert client.get("/invoices")["items"] == []  # drafts are invisible to the client

    # The contract: offered by the admin, accepted by the client user from their address.
    terms = {"proposal_id": proposal, "contract_type": "maintenance_and_support", "start": str(today),
             "period_months": 12, "support_hours_per_month": "10"}  # fmt: skip
    contract = admin.post("/contracts", terms, expect=201)["id"]
    accepted = client.post(f"/contracts/{contract}/accept")
    shown = client.get(f"/contracts/{contract}", params={"min_position": accepted["position"]})
    assert (shown["status"], shown["accepted_from"], shown["support_hours_per_month"]) == (
        "accepted",
        "127.0.0.1",
        "10",
    )
    active = admin.get("/contracts/active", params={"client_id": acme, "on": str(today)})
    assert active["contract"]["id"] == contract

    # Sent with the year's first number; the client gets it and can open a Stripe Checkout page.
    version = admin.get(f"/invoices/{invoice}")["version"]
    done = admin.post(f"/invoices/{invoice}/send", if_match=version)
    issued = admin.get(f"/invoices/{invoice}", params={"min_position": done["position"]})
    number = f"INV-{today.year}-0001"
    assert (issued["number"], issued["status"], issued["owed"]) == (number, "sent", "1190.00")
    wait_for_subject(mailbox, BILLING, f"Invoice {number}")
    checkout = client.post(f"/invoices/{invoice}/checkout")
    assert checkout["url"].startswith("https://checkout.stripe.test/") and checkout["amount"] == "1190.00"
    form = stub.requests[-1]["form"]
    assert (form["metadata[invoice_id]"], form["line_items[0][price_data][unit_amount]"]) == (invoice, "119000")

    # The clock moves past the due date: overdue, and the first reminder goes out.
    due = date.fromisoformat(issued["due_date"])
    admin.post("/clock/advance", {"by": f"P{(due - today).days + 1}DT1H"})
    admin, client = (
        sign_in_again(billing_server.base_url, admin_user),
        sign_in_again(billing_server.base_url, client_user),
    )
    wait_for_subject(mailbox, BILLING, f"Reminder 1: invoice {number} is overdue")
    late = eventually(lambda: admin.get(f"/invoices/{invoice}"), "the reminder", check=lambda i: i["reminders_sent"])
    assert (late["status"], late["overdue"]) == ("overdue", True)
    moved = datetime.fromisoformat(admin.get("/clock")["now"])
    owed_then = admin.get("/reports/ageing", params={"as_of": str(moved.date())})
    assert [(r["client_id"], r["days_1_30"], r["total"]) for r in owed_then["rows"]] == [(acme, "1190.00", "1190.00")]

    # Stripe pays it: once, whatever is delivered again, late or forged.
    intent = payment_intent(invoice, 119_000, intent_id="pi_e2e_walk")
    paid_event = event("payment_intent.succeeded", intent, created=int(moved.timestamp()))
    first = webhook(billing_server, paid_event)
    assert first.status_code == 200 and first.json()["repeat"] is False
    paid = eventually(lambda: admin.get(f"/invoices/{invoice}"), "the payment", check=lambda i: i["status"] == "paid")
    assert webhook(billing_server, paid_event).json()["repeat"] is True
    older = event("payment_intent.payment_failed", intent | {"last_payment_error": {"message": "Declined"}},
                  created=int(moved.timestamp()) - 3600)  # fmt: skip
    assert webhook(billing_server, older).status_code == 200
    forged = event("payment_intent.succeeded", payment_intent(invoice, 50_000, intent_id="pi_forged"))
    refused = webhook(billing_server, forged, secret="whsec_not_ours")
    assert refused.status_code == 400 and refused.headers["content-type"].startswith("application/problem+json")
    handled = eventually(lambda: [e for e in admin.get("/webhooks/stripe/events")["items"] if e["handled_at"]],
                         "both deliveries to be handled", check=lambda found: len(found) == 2)  # fmt: skip
    assert {e["stripe_id"] for e in handled} == {paid_event["id"], older["id"]}
    after = admin.get(f"/invoices/{invoice}")
    assert (after["version"], after["paid"], after["failed_attempts"]) == (paid["version"], "1190.00", 0)
    assert [(e["kind"], e["amount"], e["provider"]) for e in after["ledger"]] == [("payment", "1190.00", "stripe")]

    # The books: invoiced and paid this month, nothing outstanding; owed in the 1-30 bucket the day before.
    revenue = admin.get("/reports/revenue", params={"as_of": str(moved.date()), "client_id": acme})["rows"]
    month = moved.strftime("%Y-%m")
    assert [r for r in revenue if r["month"] == month and r["paid"] != "0"][0]["outstanding"] == "0.00"
    assert sum(Decimal(r["invoiced"]) for r in revenue) == Decimal("1190.00")
    assert admin.get("/reports/ageing", params={"as_of": str(moved.date())})["rows"] == []
    before = admin.get("/reports/ageing", params={"as_of": str(moved.date() - timedelta(days=1))})
    assert before["rows"][0]["total"] == "1190.00"
    assert len([m for m in mailbox.messages if m["To"] == BILLING]) == 3  # proposal, invoice, one reminder
