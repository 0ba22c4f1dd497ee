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
from tests.e2e.server import start_server

ORG = "org-" + uuid.uuid4().hex[:8]


@dataclass(frozen=True)
class World:
    base_url: str
    tokens: dict[str, str | None]
    lead_id: str
    ids: dict[str, str]


@pytest.fixture(scope="module")
def world(database_url: str) -> Iterator[World]:
    schema = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(schema)))
    try:
        container = build(settings(database_url, schema, secret_key=TEST_SECRET_KEY))
        try:
            users = {
                "admin": provision_user(container.identity, role=Role.ADMIN),
                "employee": provision_user(container.identity, role=Role.EMPLOYEE),
                "client": provision_user(container.identity, role=Role.CLIENT, client_id=ORG),
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
            yield World(server.base_url, tokens, lead["id"], {name: str(u.user_id) for name, u in users.items()})
    finally:
        with psycopg.connect(database_url, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))


def _auth(token: str | None) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"} if token else {}


def call(world: World, who: str, method: str, path: str, body: object = None) -> httpx.Response:
    path = path.format(lead=world.lead_id, employee=world.ids["employee"], admin=world.ids["admin"])
    return httpx.request(method, world.base_url + path, json=body, headers=_auth(world.tokens[who]), timeout=10)


ROLES = ["anonymous", "client", "employee", "admin", "unenrolled_staff"]
# Expected status per role, in the order of ROLES.
MATRIX = [
    ("GET", "/leads", None, [401, 403, 200, 200, 403]),
    ("POST", "/leads", {"name": "From the matrix"}, [401, 403, 201, 201, 403]),
    ("GET", "/leads/{lead}", None, [401, 403, 200, 200, 403]),
    ("POST", "/leads/{lead}/notes", {"text": "A note"}, [401, 403, 201, 201, 403]),
    ("GET", "/audit/aggregates/{lead}/events", None, [401, 403, 403, 200, 403]),
    ("GET", "/users", None, [401, 200, 200, 200, 403]),
    ("POST", "/users", {"email": "x-{n}@example.com", "name": "X", "role": "employee"}, [401, 403, 403, 201, 403]),
    ("POST", "/users/{employee}/deactivate", {"reason": "matrix"}, [401, 403, 403, None, 403]),
    # The admin passes the policy; the rule (already accepted) then answers 409.
    ("POST", "/users/{employee}/invitation/resend", None, [401, 403, 403, 409, 403]),
    ("GET", "/me", None, [401, 200, 200, 200, 200]),
    ("GET", "/me/sessions", None, [401, 200, 200, 200, 403]),
    ("GET", "/healthz", None, [200, 200, 200, 200, 200]),
    ("GET", "/readyz", None, [200, 200, 200, 200, 200]),
    ("GET", "/openapi.json", None, [200, 200, 200, 200, 200]),
    ("GET", "/docs", None, [200, 200, 200, 200, 200]),
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
