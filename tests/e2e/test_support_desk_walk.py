"""The support desk over HTTP, with a real mail server and a movable clock: one urgent ticket from start to close.

A client user opens "checkout not working" (raised to urgent); staff reply (the
client gets the email, whose reply address names the ticket), add an internal
note (in no client view and no email to the client), wait on the client (the
SLA clock pauses); the client answers by email (threaded, reopened, the clock
resumes); the resolution target passes and its breach is told to the assignee
and the admins; the ticket is escalated and acknowledged, resolved, reopened by
the client, resolved again and closed on its own seven days later; the SLA
report shows its first response in business minutes.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from tests.e2e.client import wait_until
from tests.e2e.desk import ALWAYS_OPEN, DeskWorld, body_of, desk_world

NOTE = "Their payment provider's sandbox keys are live in production: do not tell them yet."
POLICY = {
    "first_response": {
        p: {"amount": a, "unit": "hours"} for p, a in (("urgent", "1"), ("high", "4"), ("normal", "8"), ("low", "16"))
    },
    "resolution": {"urgent": {"amount": "4", "unit": "hours"}},
    "calendar": {"timezone": "Europe/Lisbon", "hours": ALWAYS_OPEN, "country": ""},
}


@pytest.fixture
def world(database_url: str, schema: str) -> Iterator[DeskWorld]:
    with desk_world(database_url, schema) as found:
        yield found


def ticket(world: DeskWorld, ticket_id: str, **params: Any) -> dict[str, Any]:
    found: dict[str, Any] = world.api(world.admin).get(f"/tickets/{ticket_id}", params=params)
    return found


def advance(world: DeskWorld, to: datetime) -> None:
    now = datetime.fromisoformat(world.api(world.admin).get("/clock")["now"])
    world.api(world.admin).post("/clock/advance", {"by": max((to - now).total_seconds(), 1) + 5})


def test_an_urgent_ticket_walks_from_the_portal_to_auto_close_with_mail_and_timers(world: DeskWorld) -> None:
    admin, agent, carla = world.api(world.admin), world.api(world.agent), world.api(world.client_user)
    client_mail = world.client_user.email
    admin.request("PUT", "/sla/policy", json=POLICY)

    opened = carla.post(
        "/tickets", {"subject": "Checkout not working", "message": "Nobody can pay since 9h."}, expect=201
    )
    tid = opened["id"]
    shown = carla.get(f"/tickets/{tid}", params={"min_position": opened["position"]})
    assert shown["priority"] == "urgent" and "assignee_id" not in shown and shown["status"] == "open"
    [received] = world.mailbox.wait_for(client_mail)
    assert received["Subject"].startswith("[#") and "Checkout not working" in received["Subject"]

    agent.post(f"/tickets/{tid}/assignee", {"assignee_id": str(world.agent.user_id)})
    admin.post("/clock/advance", {"by": 20 * 60})  # the first answer comes twenty minutes later
    replied = agent.post(f"/tickets/{tid}/replies", {"text": "We are looking at the payment step now."}, expect=201)
    reply_mail = world.mailbox.wait_for(client_mail, 2)[1]
    assert "We are looking at the payment step now." in body_of(reply_mail)
    reply_to = reply_mail["Reply-To"]
    assert reply_to.startswith("help+") and reply_to.endswith("@agency.test")

    note = agent.post(f"/tickets/{tid}/notes", {"text": NOTE}, expect=201)
    waiting = agent.post(f"/tickets/{tid}/status", {"status": "pending_client"})
    paused = wait_until(
        lambda: (t := ticket(world, tid))["resolution_due"] is None and t["version"] > waiting["version"] and t,
        "the pause",
    )
    assert paused["status"] == "pending_client"

    # The client answers the desk's email from their mail program: it threads onto the ticket and reopens it.
    raw = (
        f"From: Carla <{client_mail}>\r\nTo: {reply_to}\r\nSubject: Re: {reply_mail['Subject']}\r\n"
        f"Message-ID: <answer-1@acme.test>\r\nIn-Reply-To: {reply_mail['Message-ID']}\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n\r\n"
        "It still fails for card payments.\r\n\r\nOn Mon, 2 Mar 2026, Acme Agency Support wrote:\r\n> We are looking\r\n"
    ).encode()
    assert world.deliver(raw).status_code == 202
    assert world.deliver(raw).json()["repeat"] is True  # the relay delivered it twice: one message
    reopened = wait_until(
        lambda: (t := ticket(world, tid))["status"] == "open" and t["resolution_due"] and t, "the reopen"
    )
    said = [e for e in reopened["thread"] if e["kind"] == "client_message"]
    assert [e["text"] for e in said] == ["It still fails for card payments."]
    assert world.mailbox.wait_for(world.agent.email, 1)  # the assignee hears of the reopen

    # Past the resolution target: a breach, told to the assignee and the admins.
    advance(world, datetime.fromisoformat(reopened["resolution_due"]))
    breached = wait_until(lambda: (t := ticket(world, tid))["sla_state"] == "breached" and t, "the breach")
    assert any(e["kind"] == "sla_breached" for e in breached["thread"])
    wait_until(
        lambda: any("missed" in body_of(m) for m in world.mails_to(world.admin.email)), "the admins' breach email"
    )
    wait_until(
        lambda: any("missed" in body_of(m) for m in world.mails_to(world.agent.email)), "the agent's breach email"
    )

    escalated = agent.post(
        f"/tickets/{tid}/escalation",
        {"to_admin": str(world.admin.user_id), "reason": "Needs a refund decision", "tried": "Retried the captures"},
    )
    wait_until(
        lambda: any("Needs a refund decision" in body_of(m) for m in world.mails_to(world.admin.email)),
        "the escalation email",
    )
    escalation_due = datetime.fromisoformat(
        ticket(world, tid, min_position=escalated["position"])["last_activity_at"]
    ) + timedelta(hours=2)
    advance(world, escalation_due)
    wait_until(lambda: any("still waits" in body_of(m) for m in world.mails_to(world.admin.email)), "the reminder")
    admin.post(f"/tickets/{tid}/escalation/acknowledgement")

    admin.post(f"/tickets/{tid}/status", {"status": "resolved"})
    again = carla.post(f"/tickets/{tid}/messages", {"text": "Card payments fail again."}, expect=201)
    assert again["id"] == tid and ticket(world, tid, min_position=again["position"])["status"] == "open"
    resolved = admin.post(f"/tickets/{tid}/status", {"status": "resolved"})
    resolved_at = datetime.fromisoformat(ticket(world, tid, min_position=resolved["position"])["resolved_at"])
    advance(world, resolved_at + timedelta(days=7))
    closed = wait_until(lambda: (t := ticket(world, tid))["status"] == "closed" and t, "the auto-close")
    assert closed["thread"][-1]["kind"] == "auto_closed"

    # The note is in the staff view, and in no client view and no email to the client.
    assert any(e["text"] == NOTE for e in ticket(world, tid)["thread"])
    views = [
        carla.request("GET", f"/tickets/{tid}").text,
        carla.request("GET", "/tickets").text,
        carla.request("GET", f"/tickets/{tid}", params={"version": note["version"]}).text,
    ]
    assert all(NOTE not in v and "refund decision" not in v for v in views)
    to_client = world.mails_to(client_mail)
    assert len(to_client) >= 2 and all(NOTE not in m.as_string() and "refund" not in m.as_string() for m in to_client)

    report = admin.get("/sla/report", params={"opened_from": shown["opened_at"]})
    [urgent] = [g for g in report["by_month"] if g["priority"] == "urgent"]
    first = datetime.fromisoformat(closed["first_response_at"]) - datetime.fromisoformat(closed["opened_at"])
    minutes = Decimal(int(first.total_seconds())) / 60  # business minutes, the calendar being always open
    assert urgent["met"] == 1 and urgent["median_first_response_minutes"] == f"{minutes:.2f}"
    assert Decimal(20) <= minutes < Decimal(25)
    assert replied["version"] < note["version"]
