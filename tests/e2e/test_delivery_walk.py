"""Issue 11's walk over real HTTP: a lead becomes a client, a project is staffed and worked, the client looks in."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from domain.users import Role
from tests.builders.identity import TEST_SECRET_KEY, signed_in_user
from tests.builders.smtp import Mailbox, invitation_token, smtp_server
from tests.e2e.client import ApiClient
from tests.e2e.delivery_steps import PDF, PNG, accept_invitation_and_sign_in, topics_by, upload
from tests.e2e.server import ServerHandle, start_server


@pytest.fixture
def mail() -> Iterator[tuple[Mailbox, int]]:
    with smtp_server() as server:
        yield server


@pytest.fixture
def mailing_server(database_url: str, schema: str, mail: tuple[Mailbox, int]) -> Iterator[ServerHandle]:
    env = {
        "BATON_SMTP_HOST": "127.0.0.1",
        "BATON_SMTP_PORT": str(mail[1]),
        "BATON_SMTP_TLS": "none",
        "BATON_SECRET_KEY": TEST_SECRET_KEY,
        "BATON_PUBLIC_URL": "https://baton.example.test",
    }
    with start_server(database_url, schema, env) as handle:
        yield handle


def test_a_converted_lead_becomes_a_staffed_project_its_client_can_follow_when_walked_over_http(  # noqa: PLR0915
    mailing_server: ServerHandle, mail: tuple[Mailbox, int], database_url: str, schema: str
) -> None:
    url = mailing_server.base_url
    people = {
        part: signed_in_user(database_url, schema, role, name=name)
        for part, role, name in [
            ("admin", Role.ADMIN, "Avery Admin"),
            ("manager", Role.EMPLOYEE, "Morgan Manager"),
            ("member", Role.EMPLOYEE, "Jamie Member"),
            ("colleague", Role.EMPLOYEE, "Riley Colleague"),
        ]
    }
    ids = {part: str(p.user_id) for part, p in people.items()}
    admin, manager, member, colleague = (ApiClient(url, people[p].token) for p in ids)

    # An admin converts a qualified lead: the lead shows converted, the client shows the lead.
    lead = admin.create_lead("Quinn Harbor", company="Harbor Goods", email="quinn@harbor.example")
    admin.change_status(lead["id"], "contacted")
    qualified = admin.change_status(lead["id"], "qualified")
    client = admin.post(
        f"/leads/{lead['id']}/convert",
        {"account_manager_id": ids["manager"], "lead_as_contact": False},
        if_match=qualified["version"],
        expect=201,
    )
    shown_lead = admin.lead(lead["id"], min_position=client["position"])
    assert (shown_lead["status"], shown_lead["client_id"]) == ("converted", client["id"])
    assert admin.get(f"/clients/{client['id']}", params={"min_position": client["position"]})["lead_id"] == lead["id"]

    # Two contacts; the second is made primary and invited to the portal.
    first = admin.post(f"/clients/{client['id']}/contacts", {"name": "Quinn Harbor", "email": "quinn@harbor.example"})
    second = admin.post(
        f"/clients/{client['id']}/contacts", {"name": "Sky Harbor", "email": "sky@harbor.example", "job_title": "COO"}
    )
    admin.post(f"/clients/{client['id']}/contacts/{second['contact_id']}/primary", if_match=second["version"])
    invited = admin.post(f"/clients/{client['id']}/contacts/{second['contact_id']}/invite", expect=201)
    shown = admin.get(f"/clients/{client['id']}", params={"min_position": invited["position"]})
    primary = {c["id"]: c["primary"] for c in shown["contacts"]}
    assert primary == {first["contact_id"]: False, second["contact_id"]: True}

    # A project with a manager and two members; another one the member is not on.
    project = admin.post(
        "/projects",
        {
            "name": "Harbor shop relaunch",
            "client_id": client["id"],
            "manager_id": ids["manager"],
            "member_ids": [ids["member"], ids["colleague"]],
            "budget_hours": "160",
        },
        expect=201,
    )
    elsewhere = admin.post(
        "/projects",
        {
            "name": "Internal tools",
            "client_id": client["id"],
            "manager_id": ids["manager"],
            "member_ids": [ids["colleague"]],
        },
        expect=201,
    )
    manager.post(f"/projects/{project['id']}/status", {"status": "active"})
    manager.post(f"/projects/{project['id']}/notes", {"text": "Kickoff: scope and dates agreed", "kickoff": True})

    # The manager creates tasks and uploads one internal and one client-facing document.
    task = manager.post("/tasks", {"project_id": project["id"], "title": "Checkout page", "assignee_id": ids["member"]})
    manager.post("/tasks", {"project_id": project["id"], "title": "Product import", "assignee_id": ids["colleague"]})
    internal = upload(manager, project["id"], "estimate.pdf", PDF, "application/pdf", "internal")
    shared = upload(manager, project["id"], "moodboard.png", PNG, "image/png", "client")

    # The member works their task up to review, may not accept it, and cannot see the other project.
    member.post(f"/tasks/{task['id']}/status", {"status": "in_progress"})
    submitted = member.post(f"/tasks/{task['id']}/status", {"status": "in_review", "comment": "Ready, @morgan"})
    refused = member.problem("POST", f"/tasks/{task['id']}/status", 403, json={"status": "done"})
    assert "manager" in refused["detail"]
    assert member.get("/tasks", params={"mine": "true", "min_position": submitted["position"]})["items"][0]["mine"]
    member.problem("GET", f"/projects/{elsewhere['id']}", 404)
    seen = member.get("/projects", params={"min_position": elsewhere["position"]})
    assert [p["id"] for p in seen["items"]] == [project["id"]]

    # The manager accepts it; a production deployment is recorded.
    accepted = manager.post(f"/tasks/{task['id']}/status", {"status": "done"}, if_match=submitted["version"])
    deployment = member.post(
        f"/projects/{project['id']}/deployments",
        {"environment": "production", "url": "https://shop.harbor.example", "version_tag": "v1.0.0"},
        expect=201,
    )
    staged = member.post(
        f"/projects/{project['id']}/deployments",
        {"environment": "staging", "url": "https://staging.harbor.example", "version_tag": "v1.1.0-rc1"},
        expect=201,
    )
    assert staged["position"] > accepted["position"]
    board = manager.get(f"/projects/{project['id']}", params={"min_position": staged["position"]})
    assert board["task_counts"] == {"done": 1, "to_do": 1}
    assert {d["environment"] for d in board["live"]} == {"production", "staging"}

    # The client user signs in through the emailed link and sees only what is theirs to see.
    token = invitation_token(mail[0].wait_for("sky@harbor.example")[0])
    portal = accept_invitation_and_sign_in(ApiClient(url), token, "sky@harbor.example")
    theirs = portal.get("/projects", params={"min_position": staged["position"]})
    assert {p["id"] for p in theirs["items"]} == {project["id"], elsewhere["id"]}
    overview = portal.get(f"/projects/{project['id']}")
    assert [(d["environment"], d["version_tag"]) for d in overview["live"]] == [("production", "v1.0.0")]
    assert [d["id"] for d in overview["documents"]] == [shared["id"]]
    assert overview["internal"] is None and overview["notes"] is None and overview["task_counts"] is None
    assert portal.request("GET", f"/documents/{shared['id']}/content").content == PNG
    portal.problem("GET", f"/documents/{internal['id']}", 404)
    portal.problem("GET", "/tasks", 403)

    # Every step is in the audit trail, with actor and time.
    assert ("baton.lead.ConvertedToClient", ids["admin"]) in [t[:2] for t in topics_by(admin, lead["id"])]
    client_trail = [t[:2] for t in topics_by(admin, client["id"])]
    for topic in ("Created", "ContactAdded", "PrimaryContactDemoted", "PrimaryContactSet", "ContactInvited"):
        assert (f"baton.client.{topic}", ids["admin"]) in client_trail
    task_trail = [t[:2] for t in topics_by(admin, task["id"])]
    assert task_trail[-1] == ("baton.task.StatusChanged", ids["manager"])
    assert ("baton.task.CommentAdded", ids["member"]) in task_trail
    assert topics_by(admin, shared["id"])[0][:2] == ("baton.project.DocumentUploaded", ids["manager"])
    assert topics_by(admin, deployment["id"])[0][:2] == ("baton.project.DeploymentRecorded", ids["member"])
    onboarding = admin.get(f"/clients/{client['id']}")["onboarding"]
    assert all(step["done"] for step in onboarding), onboarding
