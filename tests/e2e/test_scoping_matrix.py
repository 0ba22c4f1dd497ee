"""Who may call what: role x endpoint against a real `baton serve` (401 / 403 / 2xx)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import psycopg
import pytest
from psycopg import sql

from api.identity.provision import provision_user
from baton.container import build
from domain.users import Role
from tests.builders import settings
from tests.builders.identity import TEST_SECRET_KEY
from tests.e2e.billing_world import INVOICE, PROPOSAL, seed_billing
from tests.e2e.delivery_world import seed_delivery, upload_documents
from tests.e2e.desk import MATRIX_NOTE, seed_tickets
from tests.e2e.server import start_server


@dataclass(frozen=True)
class World:
    base_url: str
    tokens: dict[str, str | None]
    lead_id: str
    ids: dict[str, str]
    delivery: dict[str, str]


@pytest.fixture(scope="module")
def world(database_url: str) -> Iterator[World]:
    schema = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(schema)))
    try:
        container = build(settings(database_url, schema, secret_key=TEST_SECRET_KEY))
        try:
            staff = {
                "admin": provision_user(container.identity, role=Role.ADMIN),
                "employee": provision_user(container.identity, role=Role.EMPLOYEE),
            }
            delivery = seed_delivery(container, staff["admin"].user_id, staff["employee"].user_id)
            users = {
                **staff,
                "client": provision_user(container.identity, role=Role.CLIENT, client_id=delivery["client"]),
                "other_client": provision_user(container.identity, role=Role.CLIENT),
                "unenrolled_staff": provision_user(container.identity, role=Role.EMPLOYEE, with_mfa=False),
            }
        finally:
            container.close()
        with start_server(database_url, schema, {"BATON_SECRET_KEY": TEST_SECRET_KEY}) as server:
            tokens: dict[str, str | None] = {name: u.token for name, u in users.items()}
            tokens["anonymous"] = None
            lead = httpx.post(
                f"{server.base_url}/leads", json={"name": "Scoped lead"}, headers=_auth(tokens["admin"])
            ).json()
            delivery |= upload_documents(server.base_url, tokens["admin"], delivery["project"])
            delivery |= seed_billing(server.base_url, tokens, delivery["client"])
            delivery |= seed_tickets(server.base_url, tokens, str(users["admin"].user_id))
            people = {name: str(u.user_id) for name, u in users.items()}
            yield World(server.base_url, tokens, lead["id"], people, delivery)
    finally:
        with psycopg.connect(database_url, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))


def _auth(token: str | None) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"} if token else {}


def call(world: World, who: str, method: str, path: str, body: object = None) -> httpx.Response:
    path = path.format(lead=world.lead_id, employee=world.ids["employee"], admin=world.ids["admin"], **world.delivery)
    if isinstance(body, dict):
        body = {
            k: v.format(admin=world.ids["admin"], **world.delivery) if isinstance(v, str) else v
            for k, v in body.items()
        }
    return httpx.request(method, world.base_url + path, json=body, headers=_auth(world.tokens[who]), timeout=10)


ROLES = ["anonymous", "client", "employee", "admin", "unenrolled_staff"]
DEPLOYMENT = {"environment": "production", "url": "https://matrix.example", "version_tag": "v2"}
TOPIC_RULES = {"rules": [{"topic": "how_to", "phrases": ["how do i"]}]}
STAFF_TICKET = {
    "subject": "By phone",
    "client_id": "{client}",
    "requester": {"kind": "contact", "id": "4b7f0b7e-3c1e-4a57-9d3e-0c5f3a9d2e11"},
}
# Expected status per role, in the order of ROLES.
MATRIX = [
    ("GET", "/leads", None, [401, 403, 200, 200, 403]),
    ("POST", "/leads", {"name": "From the matrix"}, [401, 403, 201, 201, 403]),
    ("GET", "/leads/{lead}", None, [401, 403, 200, 200, 403]),
    ("POST", "/leads/{lead}/notes", {"text": "A note"}, [401, 403, 201, 201, 403]),
    ("PATCH", "/leads/{lead}", {"company": "Matrix Ltd"}, [401, 403, 200, 200, 403]),
    ("GET", "/leads/{lead}/notes", None, [401, 403, 200, 200, 403]),
    # Admins only; the lead is not lost, so the rule then answers 409.
    ("POST", "/leads/{lead}/reopen", {"reason": "matrix"}, [401, 403, 403, 409, 403]),
    ("GET", "/audit/aggregates/{lead}/events", None, [401, 403, 403, 200, 403]),
    ("GET", "/users", None, [401, 200, 200, 200, 403]),
    ("POST", "/users", {"email": "x-{n}@example.com", "name": "X", "role": "employee"}, [401, 403, 403, 201, 403]),
    ("POST", "/users/{employee}/deactivate", {"reason": "matrix"}, [401, 403, 403, None, 403]),
    # The admin passes the policy; the rule (already accepted) then answers 409.
    ("POST", "/users/{employee}/invitation/resend", None, [401, 403, 403, 409, 403]),
    ("POST", "/users/{employee}/sign-in-throttle/clear", {"reason": "matrix"}, [401, 403, 403, 200, 403]),
    # Whether the employee is deactivated by then depends on the order the rows run in.
    ("POST", "/users/{employee}/reactivate", {"reason": "matrix"}, [401, 403, 403, None, 403]),
    ("GET", "/me", None, [401, 200, 200, 200, 200]),
    ("GET", "/me/sessions", None, [401, 200, 200, 200, 403]),
    ("GET", "/", None, [200, 200, 200, 200, 200]),
    ("GET", "/healthz", None, [200, 200, 200, 200, 200]),
    ("GET", "/readyz", None, [200, 200, 200, 200, 200]),
    ("GET", "/openapi.json", None, [200, 200, 200, 200, 200]),
    ("GET", "/docs", None, [200, 200, 200, 200, 200]),
    # Delivery. The employee is on the team of {project} only; the client user belongs to {client}.
    # A role the policy lets through may still be refused by the rules (403: not the manager; 409: not allowed now).
    ("POST", "/leads/{lead}/convert", {"account_manager_id": "{admin}"}, [401, 403, 403, 409, 403]),
    ("GET", "/clients", None, [401, 403, 200, 200, 403]),
    ("POST", "/clients", {"company_name": "Matrix New", "account_manager_id": "{admin}"}, [401, 403, 403, 201, 403]),
    ("GET", "/clients/{client}", None, [401, 403, 200, 200, 403]),
    ("PATCH", "/clients/{client}", {"address": "1 Matrix Way"}, [401, 403, 403, 200, 403]),
    ("POST", "/clients/{client}/contacts", {"name": "Another contact"}, [401, 403, 403, 201, 403]),
    ("POST", "/clients/{client}/contacts/{contact}/invite", None, [401, 403, 403, 201, 403]),
    ("GET", "/projects", None, [401, 200, 200, 200, 403]),
    ("POST", "/projects", {"name": "New", "client_id": "{client}", "manager_id": "{admin}"}, [401, 403, 403, 201, 403]),
    ("GET", "/projects/{project}", None, [401, 200, 200, 200, 403]),
    ("GET", "/projects/{elsewhere}", None, [401, 404, 404, 200, 403]),
    ("PATCH", "/projects/{project}", {"description": "Scope"}, [401, 403, 403, 200, 403]),
    ("POST", "/projects/{project}/notes", {"text": "Matrix note"}, [401, 403, 201, 201, 403]),
    ("POST", "/projects/{project}/milestones", {"title": "Beta"}, [401, 403, 403, 201, 403]),
    ("GET", "/milestones/{milestone}", None, [401, 200, 200, 200, 403]),
    ("POST", "/projects/{project}/deployments", DEPLOYMENT, [401, 403, 201, 201, 403]),
    ("GET", "/projects/{project}/deployments", None, [401, 200, 200, 200, 403]),
    ("GET", "/deployments/{deployment}", None, [401, 200, 200, 200, 403]),
    ("GET", "/projects/{project}/documents", None, [401, 200, 200, 200, 403]),
    ("GET", "/documents/{internal_doc}", None, [401, 404, 200, 200, 403]),
    ("GET", "/documents/{client_doc}/content", None, [401, 200, 200, 200, 403]),
    ("GET", "/tasks", None, [401, 403, 200, 200, 403]),
    ("POST", "/tasks", {"project_id": "{project}", "title": "Matrix"}, [401, 403, 403, 201, 403]),
    ("GET", "/tasks/{task}", None, [401, 403, 200, 200, 403]),
    ("POST", "/tasks/{task}/comments", {"text": "Looks good"}, [401, 403, 201, 201, 403]),
    ("POST", "/tasks/{task}/status", {"status": "done"}, [401, 403, 409, 409, 403]),
    ("DELETE", "/tasks/{scrapped}", None, [401, 403, 403, 200, 403]),
    # Running a project is for admins and its manager; a team member (the employee) is refused. The admin's own call
    # is left out (None) where its effect would change what later rows find (status, team, manager).
    ("PUT", "/projects/{project}/budget", {"budget_hours": "120"}, [401, 403, 403, None, 403]),
    ("POST", "/projects/{project}/status", {"status": "on_hold"}, [401, 403, 403, None, 403]),
    ("POST", "/projects/{project}/members", {"user_id": "{admin}"}, [401, 403, 403, None, 403]),
    ("DELETE", "/projects/{project}/members/{employee}", None, [401, 403, 403, None, 403]),
    ("POST", "/projects/{project}/manager", {"manager_id": "{admin}"}, [401, 403, 403, None, 403]),
    ("PATCH", "/milestones/{milestone}", {"title": "Launch day"}, [401, 403, 403, 200, 403]),
    ("POST", "/milestones/{milestone}/reached", None, [401, 403, 403, None, 403]),
    ("POST", "/documents/{client_doc}/visibility", {"visibility": "client"}, [401, 403, 403, None, 403]),
    ("PATCH", "/tasks/{task}", {"priority": "high"}, [401, 403, 403, 200, 403]),
    ("POST", "/tasks/{task}/assignee", {"assignee_id": "{admin}"}, [401, 403, 403, None, 403]),
    ("PATCH", "/clients/{client}/contacts/{contact}", {"job_title": "Owner"}, [401, 403, 403, 200, 403]),
    ("POST", "/clients/{client}/contacts/{contact}/primary", None, [401, 403, 403, None, 403]),
    ("POST", "/clients/{client}/account-manager", {"manager_id": "{admin}"}, [401, 403, 403, None, 403]),
    # Billing. {sent_proposal} and {sent_invoice} went to the client user's organisation; the drafts did not.
    ("GET", "/proposals", None, [401, 200, 200, 200, 403]),
    ("POST", "/proposals", PROPOSAL, [401, 403, 403, 201, 403]),
    ("GET", "/proposals/{sent_proposal}", None, [401, 200, 200, 200, 403]),
    ("GET", "/proposals/{draft_proposal}", None, [401, 404, 200, 200, 403]),
    ("POST", "/proposals/{draft_proposal}/comments", {"text": "Check the rate"}, [401, 403, 201, 201, 403]),
    ("POST", "/proposals/{sent_proposal}/approve", {"comment": "Agreed"}, [401, 200, 403, 409, 403]),
    ("GET", "/contracts", None, [401, 200, 200, 200, 403]),
    ("GET", "/invoices", None, [401, 200, 200, 200, 403]),
    ("POST", "/invoices", INVOICE, [401, 403, 403, 201, 403]),
    ("GET", "/invoices/{sent_invoice}", None, [401, 200, 200, 200, 403]),
    ("GET", "/invoices/{draft_invoice}", None, [401, 404, 200, 200, 403]),
    # No Stripe key on this server: the client user and the admin pass the policy, the rule answers 409.
    ("POST", "/invoices/{sent_invoice}/checkout", None, [401, 409, 403, 409, 403]),
    ("GET", "/payments", None, [401, 200, 200, 200, 403]),
    ("GET", "/stray-payments", None, [401, 403, 403, 200, 403]),
    ("GET", "/reports/revenue", None, [401, 403, 403, 200, 403]),
    ("GET", "/reports/ageing", None, [401, 403, 403, 200, 403]),
    ("GET", "/webhooks/stripe/events", None, [401, 403, 403, 200, 403]),
    ("POST", "/webhooks/stripe", {"id": "evt_unsigned", "object": "event"}, [400, 400, 400, 400, 400]),
    # Support desk. The client user opened {ticket}; {other_ticket} is another client's. Staff open for a client.
    ("GET", "/tickets", None, [401, 200, 200, 200, 403]),
    ("POST", "/tickets", {"subject": "From the portal"}, [401, 201, 422, 422, 403]),
    ("POST", "/tickets", STAFF_TICKET, [401, 403, 201, 201, 403]),
    ("GET", "/tickets/{ticket}", None, [401, 200, 200, 200, 403]),
    ("GET", "/tickets/{other_ticket}", None, [401, 404, 200, 200, 403]),
    ("POST", "/tickets/{ticket}/messages", {"text": "Any news?"}, [401, 201, 403, 403, 403]),
    ("POST", "/tickets/{other_ticket}/messages", {"text": "Not mine"}, [401, 403, 403, 403, 403]),
    ("POST", "/tickets/{ticket}/replies", {"text": "On it"}, [401, 403, 201, 201, 403]),
    ("POST", "/tickets/{ticket}/notes", {"text": "Staff only"}, [401, 403, 201, 201, 403]),
    ("POST", "/tickets/{ticket}/status", {"status": "in_progress"}, [401, 403, 200, 409, 403]),
    ("POST", "/tickets/{ticket}/status", {"status": "closed"}, [401, 403, 403, None, 403]),
    ("GET", "/sla/policy", None, [401, 403, 200, 200, 403]),
    ("GET", "/sla/report", None, [401, 403, 200, 200, 403]),
    ("GET", "/urgent-categories", None, [401, 200, 200, 200, 403]),
    ("PUT", "/urgent-categories/matrix", {"label": "Matrix", "phrases": ["matrix down"]}, [401, 403, 403, 200, 403]),
    ("GET", "/inbound-emails", None, [401, 403, 200, 200, 403]),
    ("POST", "/webhooks/inbound-email", {"Subject": "unsigned"}, [401, 401, 401, 401, 401]),
    # Time. {task} is the employee's; the project's manager and the client's account manager is the admin.
    ("POST", "/time/entries", {"task_id": "{task}", "day": "2026-01-05", "hours": "1"}, [401, 403, 201, 403, 403]),
    ("GET", "/time/entries", None, [401, 403, 200, 200, 403]),
    ("GET", "/time/tags", None, [401, 403, 200, 200, 403]),
    ("POST", "/time/tags", {"name": "Matrix"}, [401, 403, 403, 201, 403]),
    ("POST", "/time/locks", {"first_day": "2020-01-01", "last_day": "2020-01-01"}, [401, 403, 403, 201, 403]),
    ("GET", "/time/locks", None, [401, 403, 200, 200, 403]),
    ("GET", "/time/lock-policy", None, [401, 403, 200, 200, 403]),
    ("PUT", "/time/lock-policy", {"grace_days": None}, [401, 403, 403, 200, 403]),
    ("POST", "/time/overrides", {"project_id": "{project}", "person_id": "{admin}"}, [401, 403, 403, 201, 403]),
    ("GET", "/time/overrides", None, [401, 403, 200, 200, 403]),
    ("GET", "/time/reports/people", None, [401, 403, 403, 200, 403]),
    ("GET", "/time/reports/budgets", None, [401, 403, 200, 200, 403]),
    ("GET", "/time/reports/budgets/{project}", None, [401, 403, 404, 200, 403]),
    ("GET", "/time/reports/monthly", None, [401, 403, 200, 200, 403]),
    ("GET", "/time/reports/monthly/{client}/2026-01", None, [401, 403, 404, 200, 403]),
    ("GET", "/time/reports/monthly/{client}/2026-01/csv", None, [401, 403, 404, 200, 403]),
    ("POST", "/time/reports/monthly/{client}/2020-01/sent", {"note": "Sent"}, [401, 403, 404, 200, 403]),
    # Handoff. {project} is run by the admin with the employee on its team; the client user belongs to {client}.
    ("GET", "/handoffs", None, [401, 403, 200, 200, 403]),
    ("POST", "/handoffs", {"project_id": "{project}"}, [401, 403, 403, 201, 403]),
    ("GET", "/handoffs/{project}", None, [401, 403, 200, 200, 403]),
    ("PATCH", "/handoffs/{project}", {"region": "Matrix"}, [401, 403, 403, 200, 403]),
    # Out of order for the admin (409); the employee does not run the project (403).
    ("POST", "/handoffs/{project}/stage", {"stage": "launched"}, [401, 403, 403, 409, 403]),
    # The employee ticks first; the admin then finds it ticked (409).
    ("POST", "/handoffs/{project}/checklist/technical_handover", {"note": "done"}, [401, 403, 200, 409, 403]),
    ("GET", "/handoff-contacts", None, [401, 200, 403, 403, 403]),
    ("GET", "/handoff-settings/templates", None, [401, 403, 200, 200, 403]),
    ("PUT", "/handoff-settings/topic-rules", TOPIC_RULES, [401, 403, 403, 200, 403]),
    # The employee claims first; the admin's claim is refused naming them (409).
    ("POST", "/tickets/{ticket}/claim", {"side": "support"}, [401, 403, 200, 409, 403]),
    ("GET", "/tickets/{ticket}/ownership", None, [401, 403, 200, 200, 403]),
]
CASES = [
    pytest.param(method, path, body, role, status, id=f"{role}-{method}-{path}")
    for method, path, body, statuses in MATRIX
    for role, status in zip(ROLES, statuses, strict=True)
    if status is not None
]


@pytest.mark.parametrize(("method", "path", "body", "role", "status"), CASES)
def test_endpoint_answers_as_the_policy_says_for_each_role(
    world: World, method: str, path: str, body: object, role: str, status: int
) -> None:
    if isinstance(body, dict) and "email" in body:
        body = {**body, "email": body["email"].format(n=uuid.uuid4().hex[:8])}
    response = call(world, role, method, path, body)
    assert response.status_code == status, response.text
    if status in (401, 403):
        assert response.headers["content-type"].startswith("application/problem+json")
        assert response.json()["detail"]


def test_refusals_say_why_when_role_or_mfa_is_missing(world: World) -> None:
    assert "staff" in call(world, "client", "GET", "/leads").json()["detail"]
    assert "admins" in call(world, "employee", "GET", "/audit/aggregates/{lead}/events").json()["detail"]
    assert "multi-factor" in call(world, "unenrolled_staff", "GET", "/leads").json()["detail"]
    assert "Sign in" in call(world, "anonymous", "GET", "/leads").json()["detail"]
    assert call(world, "anonymous", "GET", "/leads").headers["WWW-Authenticate"].startswith("Bearer")


def test_a_refusal_names_the_action_the_route_performs(world: World) -> None:
    assert "(leads.write)" in call(world, "client", "POST", "/leads", {"name": "Not mine"}).json()["detail"]
    assert "(leads.read)" in call(world, "client", "GET", "/leads").json()["detail"]
    assert "(users.manage)" in call(world, "employee", "POST", "/users/{admin}/deactivate", {}).json()["detail"]


def test_date_filters_refuse_anything_but_an_rfc_3339_time(world: World) -> None:
    assert call(world, "admin", "GET", "/leads?created_from=-6.8e-23").status_code == 422
    assert call(world, "admin", "GET", "/leads?created_from=2026-03-02").status_code == 422
    assert call(world, "admin", "GET", "/leads?created_from=2026-03-02T09:00:00%2B01:00").status_code == 200


def test_user_directory_rows_are_scoped_to_what_each_role_may_see(world: World) -> None:
    def seen(who: str) -> set[str]:
        return {u["id"] for u in call(world, who, "GET", "/users").json()["items"]}

    everyone = set(world.ids.values())
    assert everyone <= seen("admin")
    staff = {world.ids[n] for n in ("admin", "employee", "unenrolled_staff")}
    assert seen("employee") & everyone == staff
    assert seen("client") & everyone == {world.ids["client"]}
    assert call(world, "client", "GET", f"/users/{world.ids['admin']}").status_code == 404
    assert call(world, "other_client", "GET", f"/users/{world.ids['client']}").status_code == 404


def test_user_directory_pages_by_name_with_a_cursor(world: World) -> None:
    first = call(world, "admin", "GET", "/users?limit=2").json()
    everyone = call(world, "admin", "GET", "/users?limit=500").json()["items"]
    paged, page = list(first["items"]), first
    while page["next_cursor"]:
        page = call(world, "admin", "GET", f"/users?limit=2&cursor={page['next_cursor']}").json()
        paged += page["items"]
    assert [u["id"] for u in paged] == [u["id"] for u in everyone] and len(paged) >= 5
    assert call(world, "admin", "GET", "/users?cursor=not-a-cursor").status_code == 422


def test_only_admins_and_the_project_manager_upload_documents_when_each_role_tries(world: World) -> None:
    expected = {"anonymous": 401, "client": 403, "employee": 403, "admin": 201, "unenrolled_staff": 403}
    for who, status in expected.items():
        response = httpx.post(
            f"{world.base_url}/projects/{world.delivery['project']}/documents",
            files={"file": ("scope.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")},
            headers=_auth(world.tokens[who]),
            timeout=10,
        )
        assert response.status_code == status, (who, response.text)
    assert "manager" in call(world, "employee", "PATCH", "/projects/{project}", {"name": "Mine"}).json()["detail"]


def test_a_client_user_gets_no_internal_document_and_no_task_when_asking_by_id(world: World) -> None:
    assert call(world, "client", "GET", "/documents/{internal_doc}/content").status_code == 404
    assert call(world, "other_client", "GET", "/projects/{project}").status_code == 404
    assert call(world, "other_client", "GET", "/documents/{client_doc}/content").status_code == 404
    assert "(tasks.read)" in call(world, "client", "GET", "/tasks/{task}").json()["detail"]


def test_client_views_of_a_ticket_never_show_its_internal_notes(world: World) -> None:
    staff = call(world, "admin", "GET", "/tickets/{ticket}").json()
    [note] = [e for e in staff["thread"] if e["text"] == MATRIX_NOTE and e["audience"] == "staff_only"]
    for path in ("/tickets/{ticket}", "/tickets", "/tickets/{ticket}?version=" + str(note["version"])):
        seen = call(world, "client", "GET", path)
        assert seen.status_code == 200 and MATRIX_NOTE not in seen.text, path
        assert "internal_notes" not in seen.text and "staff_only" not in seen.text, path
