"""The lead pipeline over real HTTP against `baton serve`, as a UI would use it.

One server (and one signed-in staff client) serves the whole module; each test
works on leads of its own.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator

import pytest

from tests.builders.identity import TEST_SECRET_KEY, signed_in_user
from tests.builders.schemas import fresh_schema
from tests.e2e.client import ApiClient
from tests.e2e.server import start_server


@pytest.fixture(scope="module")
def client(database_url: str) -> Iterator[ApiClient]:
    """A signed-in admin's client for a server shared by this module."""
    with (
        fresh_schema(database_url) as schema,
        start_server(database_url, schema, {"BATON_SECRET_KEY": TEST_SECRET_KEY}) as server,
        ApiClient(server.base_url, signed_in_user(database_url, schema).token) as api,
    ):
        yield api


def test_created_lead_is_listed_right_after_when_reading_with_min_position(client: ApiClient) -> None:
    response = client.request(
        "POST", "/leads", json={"name": "Avery Stone", "company": "Granite Works", "source": "website"}, expect=201
    )
    created = response.json()
    assert set(created) == {"id", "version", "position"} and created["version"] == 1
    assert response.headers["Location"] == f"/leads/{created['id']}"

    page = client.list_leads(min_position=created["position"], q="granite works")
    assert [item["id"] for item in page["items"]] == [created["id"]]
    assert page["counts"] == {"new": 1}

    detail = client.request("GET", response.headers["Location"])
    lead = detail.json()
    assert (lead["name"], lead["company"], lead["status"], lead["version"]) == (
        "Avery Stone",
        "Granite Works",
        "new",
        1,
    )
    assert detail.headers["ETag"] == '"1"'


def test_lead_moves_through_the_pipeline_when_each_step_names_the_version_read(client: ApiClient) -> None:
    lead = client.create_lead("Blake Rivers")
    version = lead["version"]
    for status in ["contacted", "qualified", "proposal_sent"]:
        moved = client.change_status(lead["id"], status, version=version)
        assert moved["version"] == version + 1 and moved["position"] > lead["position"]
        version = moved["version"]
    manager = client.get("/me")["id"]
    made = client.post(f"/leads/{lead['id']}/convert", {"account_manager_id": manager}, if_match=version, expect=201)
    shown = client.lead(lead["id"], min_position=made["position"])
    assert (shown["status"], shown["version"], shown["client_id"]) == ("converted", 5, made["id"])


def test_stale_version_is_refused_with_412_when_someone_else_changed_the_lead(client: ApiClient) -> None:
    lead = client.create_lead()
    client.add_note(lead["id"], "Called, no answer", version=1)
    problem = client.problem("POST", f"/leads/{lead['id']}/status", 412, json={"status": "contacted"}, if_match=1)
    assert "version 1" in problem["detail"] and "version 2" in problem["detail"]
    assert client.change_status(lead["id"], "contacted", version=2)["version"] == 3


def test_invalid_transition_is_refused_with_409_naming_the_allowed_statuses(client: ApiClient) -> None:
    lead = client.create_lead()
    problem = client.problem("POST", f"/leads/{lead['id']}/status", 409, json={"status": "qualified"})
    assert "'new'" in problem["detail"] and "'contacted'" in problem["detail"] and "'lost'" in problem["detail"]
    client.change_status(lead["id"], "lost", reason="Went with a freelancer")
    final = client.problem("POST", f"/leads/{lead['id']}/status", 409, json={"status": "contacted"})
    assert "final" in final["detail"]


def test_marking_lost_is_refused_with_422_when_no_reason_is_given(client: ApiClient) -> None:
    lead = client.create_lead()
    problem = client.problem("POST", f"/leads/{lead['id']}/status", 422, json={"status": "lost"})
    assert "reason" in problem["detail"]
    lost = client.change_status(lead["id"], "lost", reason="Budget frozen")
    shown = client.lead(lead["id"], min_position=lost["position"])
    assert (shown["status"], shown["lost_reason"]) == ("lost", "Budget frozen")


def test_bad_requests_get_readable_problems_when_sent(client: ApiClient) -> None:
    lead = client.create_lead()
    path = f"/leads/{lead['id']}"
    assert "name" in client.problem("POST", "/leads", 422, json={"company": "No name"})["detail"]
    assert "not a known field" in client.problem("POST", "/leads", 422, json={"name": "A", "colour": "red"})["detail"]
    assert "email" in client.problem("POST", "/leads", 422, json={"name": "A", "email": "not-an-email"})["detail"]
    assert (
        "JSON"
        in client.problem("POST", "/leads", 422, content=b"{oops", headers={"Content-Type": "application/json"})[
            "detail"
        ]
    )
    assert "status" in client.problem("POST", f"{path}/status", 422, json={"status": "won"})["detail"]
    assert "/convert" in client.problem("POST", f"{path}/status", 422, json={"status": "converted"})["detail"]
    assert (
        "If-Match"
        in client.problem("POST", f"{path}/status", 422, json={"status": "contacted"}, if_match="abc")["detail"]
    )
    assert "lead_id" in client.problem("GET", "/leads/not-a-uuid", 422)["detail"]
    assert "cursor" in client.problem("GET", "/leads", 422, params={"cursor": "garbage"})["detail"]
    assert client.problem("POST", f"{path}/notes", 422, json={"text": "   "})["title"]


def test_unknown_lead_answers_404_when_read_or_changed(client: ApiClient) -> None:
    unknown = uuid.uuid4()
    assert str(unknown) in client.problem("GET", f"/leads/{unknown}", 404)["detail"]
    assert client.problem("POST", f"/leads/{unknown}/status", 404, json={"status": "contacted"})
    assert client.problem("POST", f"/leads/{unknown}/notes", 404, json={"text": "hello"})
    assert client.problem("GET", f"/audit/aggregates/{unknown}/events", 404)


def test_notes_are_kept_in_order_when_added_even_after_conversion(client: ApiClient) -> None:
    lead = client.create_lead(notes="Met at the trade fair")
    for status in ["contacted", "qualified"]:
        client.change_status(lead["id"], status)
    client.post(f"/leads/{lead['id']}/convert", {"account_manager_id": client.get("/me")["id"]}, expect=201)
    noted = client.add_note(lead["id"], "Kick-off booked for Monday")
    shown = client.lead(lead["id"], min_position=noted["position"])
    assert [n["text"] for n in shown["notes"]] == ["Met at the trade fair", "Kick-off booked for Monday"]
    assert shown["notes_count"] == 2 and shown["status"] == "converted"


def test_lead_is_shown_as_it_stood_when_asked_for_an_earlier_version(client: ApiClient) -> None:
    lead = client.create_lead("Casey Moss")
    client.change_status(lead["id"], "contacted")
    client.change_status(lead["id"], "lost", reason="No reply")
    first = client.lead(lead["id"], version=1)
    assert (first["version"], first["status"], first["name"]) == (1, "new", "Casey Moss")
    then = client.lead(lead["id"], version=2)
    assert (then["version"], then["status"], then["lost_reason"]) == (2, "contacted", "")
    now = client.lead(lead["id"], version=3)
    assert (now["status"], now["lost_reason"]) == ("lost", "No reply")
    assert "version 9" in client.problem("GET", f"/leads/{lead['id']}", 404, params={"version": 9})["detail"]


def test_audit_lists_who_did_what_when_a_lead_has_a_history(client: ApiClient) -> None:
    created = client.request("POST", "/leads", json={"name": "Drew"}, headers={"X-Correlation-ID": "intake-42"})
    lead_id = created.json()["id"]
    assert created.headers["X-Correlation-ID"] == "intake-42"
    client.change_status(lead_id, "contacted")
    client.add_note(lead_id, "Sent the portfolio")

    trail = client.audit_events(lead_id)
    events = trail["events"]
    assert [e["topic"] for e in events] == ["baton.lead.Registered", "baton.lead.StatusChanged", "baton.lead.NoteAdded"]
    assert [e["version"] for e in events] == [1, 2, 3]
    assert events[0]["correlation_id"] == "intake-42"
    assert events[0]["data"]["name"] == "Drew" and events[2]["data"]["text"] == "Sent the portfolio"
    assert all(e["actor"]["id"] and e["actor"]["role"] and e["time"] for e in events)

    first_page = client.audit_events(lead_id, limit=2)
    assert len(first_page["events"]) == 2 and first_page["next_after_version"] == 2
    rest = client.audit_events(lead_id, after_version=2)
    assert [e["version"] for e in rest["events"]] == [3] and rest["next_after_version"] is None


def test_health_and_readiness_answer_when_the_server_runs(client: ApiClient) -> None:
    assert client.get("/healthz") == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready["status"] == "ready" and ready["database"] == "ok"
    assert "lead_pipeline" in ready["projections"]
    assert ready["projections"]["lead_pipeline"]["lag"] >= 0


def test_api_is_described_and_its_docs_work_offline_when_browsed(client: ApiClient) -> None:
    spec = client.get("/openapi.json")
    assert {"/leads", "/leads/{lead_id}", "/leads/{lead_id}/status", "/leads/{lead_id}/notes"} <= set(spec["paths"])
    assert spec["paths"]["/leads"]["post"]["operationId"] == "leads-create_lead"
    assert spec["paths"]["/leads"]["post"]["summary"] or spec["paths"]["/leads"]["post"]["description"]

    page = client.request("GET", "/docs").text
    assets = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert assets, "the docs page references no assets"
    for asset in assets:
        assert asset.startswith("/") and not asset.startswith("//"), f"{asset} is not served by Baton"
        assert client.request("GET", asset).content, asset
    assert "/openapi.json" in page
