"""A read checks its session and reads its page on one pooled connection, in one worker-thread hop."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from unittest import mock

import anyio.to_thread
import pytest
from fastapi import Depends
from fastapi.testclient import TestClient
from psycopg_pool import PoolTimeout

from api import one_hop
from api.app import create_app
from api.contract import resource_router
from api.policy import performs
from api.principal import AnySession
from baton.container import Container, build
from domain.context import CommandContext
from tests.builders import ctx, settings
from tests.builders.identity import TEST_SECRET_KEY, admin, client_user


@pytest.fixture
def container(database_url: str, schema: str) -> Iterator[Container]:
    built = build(settings(database_url, schema, secret_key=TEST_SECRET_KEY, projection_idle_wait=0.1))
    built.start_runners()
    try:
        yield built
    finally:
        built.close()


@pytest.fixture
def http(container: Container) -> TestClient:
    return TestClient(create_app(container))


class Counted:
    """Counts worker-thread hops and pool checkouts while a request runs."""

    def __init__(self, container: Container) -> None:
        self.hops = 0
        self.checkouts = 0
        self._run_sync = anyio.to_thread.run_sync
        self._getconn = container.pool.getconn

    async def run_sync(self, func: Any, *args: Any, **kwargs: Any) -> Any:
        self.hops += 1
        return await self._run_sync(func, *args, **kwargs)

    def getconn(self, *args: Any, **kwargs: Any) -> Any:
        self.checkouts += 1
        return self._getconn(*args, **kwargs)


def _count(http: TestClient, container: Container, path: str, headers: dict[str, str]) -> tuple[int, Counted]:
    counted = Counted(container)
    with (
        mock.patch.object(anyio.to_thread, "run_sync", counted.run_sync),
        mock.patch.object(container.pool, "getconn", counted.getconn),
    ):
        status = http.get(path, headers=headers).status_code
    return status, counted


def test_list_and_detail_reads_take_one_hop_and_one_connection_when_signed_in(
    http: TestClient, container: Container
) -> None:
    headers = {"Authorization": f"Bearer {admin(container).token}"}
    lead = http.post("/leads", json={"name": "One hop"}, headers=headers).json()
    seen = f"min_position={lead['position']}"
    for path in (f"/leads?limit=50&{seen}", f"/leads/{lead['id']}?{seen}", f"/leads/{lead['id']}"):
        status, counted = _count(http, container, path, headers)
        assert status == 200, path
        assert (counted.hops, counted.checkouts) == (1, 1), path


def test_a_revoked_session_is_refused_on_its_next_read_when_it_worked_just_before(
    http: TestClient, container: Container
) -> None:
    user = admin(container)
    headers = {"Authorization": f"Bearer {user.token}"}
    assert http.get("/leads", headers=headers).status_code == 200
    container.identity.sessions.end(CommandContext(actor=ctx().actor, now=ctx().now), user.user_id, "test")
    answer = http.get("/leads", headers=headers)
    assert answer.status_code == 401, answer.text


def test_refusals_come_before_invalid_parameters_when_a_one_hop_request_is_both(
    http: TestClient, container: Container
) -> None:
    assert http.get("/leads?limit=0", headers={"Authorization": "Bearer not-a-session"}).status_code == 401
    outsider = {"Authorization": f"Bearer {client_user(container).token}"}
    assert http.get("/leads?limit=0", headers=outsider).status_code == 403
    assert http.post("/leads", json={"name": ""}, headers=outsider).status_code == 403
    staff = {"Authorization": f"Bearer {admin(container).token}"}
    assert http.get("/leads?limit=0", headers=staff).status_code == 422


def test_a_route_whose_own_dependency_reads_the_session_is_not_one_hop_and_still_checks_it() -> None:
    def whose(principal: AnySession) -> str:
        return principal.role.value

    router = resource_router("/probe", "probe")

    @router.get("/own", dependencies=[performs("leads.read")])
    def own_dependency(role: str = Depends(whose)) -> str:
        return role

    @router.get("/kit", dependencies=[performs("leads.read")])
    def kit_only(principal: AnySession) -> str:
        return principal.role.value

    routes = {route.path: route for route in router.routes}
    assert isinstance(routes["/probe/own"], one_hop.OneHopRoute) and not routes["/probe/own"].one_hop
    assert isinstance(routes["/probe/kit"], one_hop.OneHopRoute) and routes["/probe/kit"].one_hop


def test_a_one_hop_route_answers_the_principal_itself_when_the_endpoint_takes_it(
    http: TestClient, container: Container
) -> None:
    user = admin(container)
    answer = http.get("/me", headers={"Authorization": f"Bearer {user.token}"})
    assert answer.status_code == 200 and answer.json()["id"] == str(user.user_id)


def test_a_request_asks_the_pool_once_and_answers_503_when_no_connection_can_be_had(
    http: TestClient, container: Container
) -> None:
    headers = {"Authorization": f"Bearer {admin(container).token}"}
    asked = []

    def refuse(*_: Any, **__: Any) -> Any:
        asked.append(1)
        raise PoolTimeout("couldn't get a connection")

    for method, path, body in (("GET", "/leads", None), ("POST", "/leads", {"name": "Outage"})):
        asked.clear()
        with mock.patch.object(container.pool, "getconn", refuse):
            answer = http.request(method, path, json=body, headers=headers)
        assert answer.status_code == 503, answer.text
        assert len(asked) == 1, f"{method} {path} asked the pool {len(asked)} times"
