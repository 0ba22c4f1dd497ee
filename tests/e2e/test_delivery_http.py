"""Delivery's API conventions over HTTP: versions and If-Match, reads as of a version, pages, hidden deletions."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from domain.users import Role
from tests.builders.identity import TEST_SECRET_KEY, signed_in_user
from tests.builders.schemas import fresh_schema
from tests.e2e.client import ApiClient
from tests.e2e.delivery_steps import PDF, upload
from tests.e2e.server import start_server


@pytest.fixture(scope="module")
def admin(database_url: str) -> Iterator[ApiClient]:
    with fresh_schema(database_url) as schema:
        token = signed_in_user(database_url, schema, Role.ADMIN, name="Avery Admin").token
        with (
            start_server(database_url, schema, {"BATON_SECRET_KEY": TEST_SECRET_KEY}) as server,
            ApiClient(server.base_url, token) as api,
        ):
            yield api


@pytest.fixture(scope="module")
def project(admin: ApiClient) -> dict[str, Any]:
    me = admin.get("/me")["id"]
    client = admin.post("/clients", {"company_name": "Paging Ltd", "account_manager_id": me}, expect=201)
    made = admin.post("/projects", {"name": "Paging", "client_id": client["id"], "manager_id": me}, expect=201)
    return {"id": made["id"], "client": client["id"], "me": me}


def test_a_stale_if_match_is_refused_and_a_record_reads_as_it_was_when_asked_for_a_version(
    admin: ApiClient, project: dict[str, Any]
) -> None:
    path = f"/projects/{project['id']}"
    renamed = admin.request("PATCH", path, json={"name": "Paging v2"}, if_match=1).json()
    stale = admin.problem("PATCH", path, 412, json={"description": "Late"}, if_match=1)
    assert "version" in stale["detail"]
    current = admin.request("GET", path, params={"min_position": renamed["position"]})
    assert current.headers["ETag"] == f'"{renamed["version"]}"' and current.json()["name"] == "Paging v2"
    assert admin.get(path, params={"version": 1})["name"] == "Paging"
    admin.problem("GET", path, 404, params={"version": 99})
    client = admin.get(f"/clients/{project['client']}", params={"version": 1})
    assert (client["company_name"], client["contacts"]) == ("Paging Ltd", [])


def test_tasks_page_once_each_with_counts_and_read_as_they_were_when_many_exist(
    admin: ApiClient, project: dict[str, Any]
) -> None:
    made = [admin.post("/tasks", {"project_id": project["id"], "title": f"Task {n}"}) for n in range(7)]
    moved = admin.post(f"/tasks/{made[0]['id']}/status", {"status": "in_progress"}, if_match=1)
    seen, page = [], admin.get("/tasks", params={"limit": 3, "min_position": moved["position"]})
    while True:
        seen += [t["id"] for t in page["items"]]
        if not page["next_cursor"]:
            break
        page = admin.get("/tasks", params={"limit": 3, "cursor": page["next_cursor"]})
    assert sorted(seen) == sorted(t["id"] for t in made)
    assert page["counts"] == {"to_do": 6, "in_progress": 1}
    assert admin.get(f"/tasks/{made[0]['id']}", params={"version": 1})["status"] == "to_do"
    deleted = admin.request("DELETE", f"/tasks/{made[1]['id']}", params={"reason": "Duplicate"}).json()
    admin.problem("GET", f"/tasks/{made[1]['id']}", 404, params={"min_position": deleted["position"]})
    assert admin.get(f"/tasks/{made[1]['id']}", params={"version": 2})["deleted"] is True
    trail = admin.get(f"/audit/aggregates/{made[1]['id']}/events")["events"]
    assert [e["topic"] for e in trail] == ["baton.task.Created", "baton.task.Deleted"]


def test_a_document_downloads_with_its_name_and_type_and_disappears_when_deleted(
    admin: ApiClient, project: dict[str, Any]
) -> None:
    document = upload(admin, project["id"], "Estimate Q3.pdf", PDF, "application/pdf", "internal")
    download = admin.request(
        "GET", f"/documents/{document['id']}/content", params={"min_position": document["position"]}
    )
    assert download.content == PDF and download.headers["content-type"] == "application/pdf"
    assert download.headers["content-disposition"] == "attachment; filename*=utf-8''Estimate%20Q3.pdf"
    shared = admin.post(f"/documents/{document['id']}/visibility", {"visibility": "client"}, if_match=1)
    deleted = admin.request("DELETE", f"/documents/{document['id']}", if_match=shared["version"]).json()
    listed = admin.get(f"/projects/{project['id']}/documents", params={"min_position": deleted["position"]})
    assert document["id"] not in [d["id"] for d in listed["items"]]
    admin.problem("GET", f"/documents/{document['id']}/content", 404)
    assert [e["topic"] for e in admin.get(f"/audit/aggregates/{document['id']}/events")["events"]] == [
        "baton.project.DocumentUploaded",
        "baton.project.DocumentVisibilityChanged",
        "baton.project.DocumentDeleted",
    ]


def test_milestones_show_done_by_whom_and_removed_ones_vanish_when_the_plan_changes(
    admin: ApiClient, project: dict[str, Any]
) -> None:
    path = f"/projects/{project['id']}/milestones"
    kept = admin.post(path, {"title": "Designs", "target_date": "2026-04-01"}, expect=201)
    gone = admin.post(path, {"title": "Beta"}, expect=201)
    reached = admin.post(f"/milestones/{kept['id']}/reached", if_match=1)
    removed = admin.request("DELETE", f"/milestones/{gone['id']}").json()
    overview = admin.get(
        f"/projects/{project['id']}", params={"min_position": max(reached["position"], removed["position"])}
    )
    assert [(m["title"], m["done"], m["done_by"]) for m in overview["milestones"]] == [("Designs", True, project["me"])]
    assert "date" in admin.problem("POST", path, 422, json={"title": "Bad", "target_date": 20260401})["detail"]


def test_moves_a_workflow_refuses_name_where_it_stands_and_where_it_can_go(
    admin: ApiClient, project: dict[str, Any]
) -> None:
    refused = admin.problem(
        "POST", f"/projects/{project['id']}/status", 409, json={"status": "completed", "reason": "x"}
    )
    assert "'planning'" in refused["detail"] and "'active'" in refused["detail"]
    no_reason = admin.problem("POST", f"/projects/{project['id']}/status", 422, json={"status": "cancelled"})
    assert "reason" in no_reason["detail"]
    task = admin.post("/tasks", {"project_id": project["id"], "title": "Skip ahead"})
    skipped = admin.problem("POST", f"/tasks/{task['id']}/status", 409, json={"status": "done"})
    assert "'to_do'" in skipped["detail"] and "'in_progress'" in skipped["detail"]
