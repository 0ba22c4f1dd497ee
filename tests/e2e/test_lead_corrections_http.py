"""Leads a user can correct, over HTTP: PATCH with If-Match, owner and follow-up, reopening, older notes,
a case-blind source filter, unknown query parameters and a 412 that says the version is not reached yet."""

from __future__ import annotations

from tests.builders.identity import signed_in_user
from tests.e2e.client import ApiClient
from tests.e2e.server import ServerHandle


def test_lead_is_corrected_with_if_match_and_the_audit_shows_before_and_after(
    client: ApiClient, server: ServerHandle, database_url: str, schema: str
) -> None:
    employee = signed_in_user(database_url, schema, role="employee")
    lead = client.create_lead("Avery Stone", email="", phone="", website="", source="Website")
    changes = {"company": "Granite Works", "phone": "+1 555 0100", "owner_id": str(employee.user_id)}
    edited = client.request("PATCH", f"/leads/{lead['id']}", json={**changes, "follow_up_on": "2026-04-01"}, if_match=1)
    assert edited.json()["version"] == 2
    row = client.lead(lead["id"], min_position=edited.json()["position"])
    assert (row["company"], row["owner_id"], row["follow_up_on"]) == (
        "Granite Works",
        str(employee.user_id),
        "2026-04-01",
    )
    trail = client.audit_events(lead["id"])["events"]
    assert trail[-1]["topic"] == "baton.lead.Edited"
    assert trail[-1]["data"]["before"]["company"] == "" and trail[-1]["data"]["after"]["company"] == "Granite Works"

    stale = client.problem("PATCH", f"/leads/{lead['id']}", 412, json={"company": "X"}, if_match=1)
    assert "changed since you read it" in stale["detail"]
    ahead = client.problem("PATCH", f"/leads/{lead['id']}", 412, json={"company": "X"}, if_match=99)
    assert "no version 99 yet; it is at version 2" in ahead["detail"]
    wrong = client.problem("PATCH", f"/leads/{lead['id']}", 422, json={"phone": "call me maybe"})
    assert "phone" in wrong["detail"]
    cleared = client.request("PATCH", f"/leads/{lead['id']}", json={"owner_id": None, "follow_up_on": None}).json()
    assert client.lead(lead["id"], min_position=cleared["position"])["owner_id"] == ""


def test_source_filters_in_any_case_and_unknown_parameters_are_refused(client: ApiClient) -> None:
    made = client.create_lead("Robin Case", source="Referral")
    assert [i["name"] for i in client.list_leads(source="referral", min_position=made["position"])["items"]] == [
        "Robin Case"
    ]
    assert client.list_leads(source="REFERRAL")["counts"] == {"new": 1}
    assert "statuz" in client.problem("GET", "/leads", 422, params={"statuz": "new"})["detail"]


def test_lost_lead_is_reopened_by_an_admin_only_with_a_reason(
    client: ApiClient, server: ServerHandle, database_url: str, schema: str
) -> None:
    employee = ApiClient(server.base_url, signed_in_user(database_url, schema, role="employee").token)
    lead = client.create_lead("Sam Lost")
    client.change_status(lead["id"], "contacted", reason="Replied")
    client.change_status(lead["id"], "lost", reason="No budget")
    assert (
        "leads.reopen" in employee.problem("POST", f"/leads/{lead['id']}/reopen", 403, json={"reason": "x"})["detail"]
    )
    reopened = client.post(f"/leads/{lead['id']}/reopen", {"reason": "Budget approved"})
    row = client.lead(lead["id"], min_position=reopened["position"])
    assert (row["status"], row["lost_reason"]) == ("contacted", "")
    topics = [(e["topic"], e["data"].get("reason")) for e in client.audit_events(lead["id"])["events"]]
    assert ("baton.lead.StatusChanged", "Replied") in topics and ("baton.lead.Reopened", "Budget approved") in topics


def test_notes_beyond_the_latest_fifty_page_with_a_cursor(client: ApiClient) -> None:
    lead = client.create_lead("Talkative Lead")
    last = None
    for i in range(55):
        last = client.add_note(lead["id"], f"note {i}")
    detail = client.lead(lead["id"], min_position=last["position"])  # type: ignore[index]
    assert len(detail["notes"]) == 50 and detail["notes"][0]["text"] == "note 5" and detail["notes_next_cursor"]
    older = client.get(f"/leads/{lead['id']}/notes", params={"cursor": detail["notes_next_cursor"]})
    assert [n["text"] for n in older["items"]] == [f"note {i}" for i in range(4, -1, -1)] and older[
        "next_cursor"
    ] is None
