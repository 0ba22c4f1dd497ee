"""Time and mail at the support desk over HTTP: an unanswered urgent ticket goes at risk then breaches;
inbound email in Postmark's JSON opens a ticket for a known contact, an unknown sender is held for triage,
and an unsigned delivery is refused with nothing recorded."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from datetime import datetime

import httpx
import pytest

from tests.builders.schemas import fresh_schema
from tests.e2e.client import wait_until
from tests.e2e.desk import ALWAYS_OPEN, CONTACT_EMAIL, SUPPORT, DeskWorld, body_of, desk_world

POLICY = {
    "first_response": {p: {"amount": "1", "unit": "hours"} for p in ("urgent", "high", "normal", "low")},
    "calendar": {"timezone": "Europe/Lisbon", "hours": ALWAYS_OPEN, "country": ""},
}


@pytest.fixture(scope="module")
def world(database_url: str) -> Iterator[DeskWorld]:
    with fresh_schema(database_url) as schema, desk_world(database_url, schema) as found:
        found.api(found.admin).request("PUT", "/sla/policy", json=POLICY)
        yield found


def advance(world: DeskWorld, to: datetime) -> None:
    admin = world.api(world.admin)
    now = datetime.fromisoformat(admin.get("/clock")["now"])
    admin.post("/clock/advance", {"by": max((to - now).total_seconds(), 1) + 5})


def test_an_unanswered_urgent_ticket_goes_at_risk_then_breaches_and_tells_the_assignee_and_admins(
    world: DeskWorld,
) -> None:
    admin, carla = world.api(world.admin), world.api(world.client_user)
    opened = carla.post("/tickets", {"subject": "Site down since this morning", "message": "Blank page."}, expect=201)
    tid = opened["id"]
    admin.post(f"/tickets/{tid}/assignee", {"assignee_id": str(world.agent.user_id)})

    def queued(state: str) -> list[dict[str, object]]:
        page = admin.get("/tickets", params={"assignee": str(world.agent.user_id), "sla": state, "sort": "due"})
        return [t for t in page["items"] if t["id"] == tid]

    [row] = wait_until(lambda: [t for t in queued("ok") if t["first_response_due"]], "the due time in the queue")
    assert row["priority"] == "urgent"
    due = datetime.fromisoformat(str(row["first_response_due"]))
    opened_at = datetime.fromisoformat(str(row["opened_at"]))
    assert 3590 <= (due - opened_at).total_seconds() <= 3610  # one hour, the desk being always open

    advance(world, opened_at + (due - opened_at) * 0.8)
    wait_until(lambda: queued("at_risk"), "the ticket to be at risk")
    advance(world, due)
    wait_until(lambda: queued("breached"), "the breach")
    for staff in (world.agent.email, world.admin.email):
        wait_until(
            lambda s=staff: any("first response target" in body_of(m) for m in world.mails_to(s)), f"{staff}'s email"
        )
    detail = admin.get(f"/tickets/{tid}")
    assert [e["kind"] for e in detail["thread"] if e["kind"].startswith("sla_")] == ["sla_at_risk", "sla_breached"]
    # Answering now is late: the report counts the first response as missed.
    admin.post(f"/tickets/{tid}/replies", {"text": "Back up now, sorry."}, expect=201)
    report = admin.get("/sla/report", params={"opened_from": row["opened_at"]})
    assert report["total"]["breached"] >= 1 and report["total"]["recorded_breaches"] >= 1


def postmark(sender: str, subject: str, text: str, message_id: str, **more: object) -> bytes:
    body = {
        "FromFull": {"Email": sender, "Name": "Ana"},
        "ToFull": [{"Email": SUPPORT, "Name": ""}],
        "Subject": subject,
        "TextBody": text,
        "Headers": [{"Name": "Message-ID", "Value": message_id}],
        **more,
    }
    return json.dumps(body).encode()


def email_once(world: DeskWorld, accepted: httpx.Response, status: str) -> dict[str, object]:
    """The inbound email the webhook accepted, read (as a UI would, from its position on) once it has ``status``."""
    path, seen = f"/inbound-emails/{accepted.json()['id']}", {"min_position": accepted.json()["position"]}
    admin = world.api(world.admin)
    found: dict[str, object] = wait_until(
        lambda: (e := admin.get(path, params=seen))["status"] == status and e, f"the email to be {status}"
    )
    return found


def test_a_known_contact_writing_in_postmark_json_opens_a_ticket_with_the_attachment(world: DeskWorld) -> None:
    admin = world.api(world.admin)
    pdf = b"%PDF-1.4 the screenshot of the error"
    attachment = {"Name": "error.pdf", "ContentType": "application/pdf", "Content": base64.b64encode(pdf).decode()}
    body = postmark(
        CONTACT_EMAIL, "Payment error on checkout", "Cards are declined.", "<pm-1@acme.test>", Attachments=[attachment]
    )
    answer = world.deliver(body, "application/json")
    assert answer.status_code == 202 and answer.json()["repeat"] is False
    email = email_once(world, answer, "routed")
    assert (email["outcome"], email["matched_by"]) == ("new_ticket", "sender")
    ticket = admin.get(f"/tickets/{email['ticket_id']}")
    assert (ticket["client_id"], ticket["requester"]["kind"], ticket["priority"]) == (
        str(world.client_id),
        "contact",
        "urgent",
    )
    [opened] = [e for e in ticket["thread"] if e["kind"] == "opened"]
    [file] = opened["attachments"]
    assert admin.request("GET", file["download_url"]).content == pdf
    [ack] = world.mailbox.wait_for(CONTACT_EMAIL)
    assert ack["Reply-To"].startswith("help+")


def test_an_unknown_sender_is_held_for_triage_and_an_unsigned_email_is_refused_with_nothing_recorded(
    world: DeskWorld,
) -> None:
    admin = world.api(world.admin)
    before = len(admin.get("/inbound-emails", params={"limit": 200})["items"])
    unsigned = world.deliver(postmark("x@nowhere.test", "Hi", "Hello", "<pm-2@x>"), "application/json", secret="wrong")
    assert unsigned.status_code == 401 and unsigned.headers["content-type"].startswith("application/problem+json")
    held = world.deliver(
        postmark("stranger@nowhere.test", "Quote?", "How much for a shop?", "<pm-3@x>"), "application/json"
    )
    assert held.status_code == 202
    email_once(world, held, "held")
    listed = admin.get("/inbound-emails", params={"status": "held"})["items"]
    assert [e["sender"] for e in listed if e["id"] == held.json()["id"]] == ["stranger@nowhere.test"]
    assert len(admin.get("/inbound-emails", params={"limit": 200})["items"]) == before + 1
    dismissed = admin.post(f"/inbound-emails/{held.json()['id']}/dismissal", {"reason": "A sales enquiry: forwarded"})
    assert dismissed["version"] == 3
