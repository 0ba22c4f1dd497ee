"""Every route of the app declares the action it performs, and every action of the policy is performed somewhere."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute, iter_route_contexts

from api.app import create_app
from api.contract import DOCUMENTATION_ROUTES, ContractRoute
from api.policy import PERMISSIONS, declared
from api.principal import current_session


@dataclass(frozen=True)
class RouteSeen:
    label: str
    actions: list[str]
    reads_caller: bool
    api_route: bool
    contract_route: bool


def _calls(dependant: Any) -> Iterator[Any]:
    for sub in getattr(dependant, "dependencies", []):
        yield sub.call
        yield from _calls(sub)


@pytest.fixture(scope="module")
def app() -> FastAPI:
    # Building the app needs settings only: no route is called.
    return create_app(SimpleNamespace(settings=SimpleNamespace(max_body_bytes=1024)))  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def routes(app: FastAPI) -> list[RouteSeen]:
    seen = []
    for route in iter_route_contexts(app.routes):
        dependant = getattr(route, "dependant", None)
        methods = ",".join(sorted(route.methods or []))
        seen.append(
            RouteSeen(
                label=f"{methods} {route.path}",
                actions=[d.action for d in declared(dependant)],
                reads_caller=current_session in set(_calls(dependant)),
                api_route=isinstance(route.original_route, APIRoute),
                contract_route=isinstance(route.original_route, ContractRoute),
            )
        )
    return seen


def test_every_route_declares_exactly_one_action(routes: list[RouteSeen]) -> None:
    undeclared = [r.label for r in routes if len(r.actions) != 1 and r.label.split(" ")[-1] not in DOCUMENTATION_ROUTES]
    assert undeclared == [], f"routes without exactly one performs(...): {undeclared}"


def test_every_declared_action_is_in_the_permissions_table(routes: list[RouteSeen]) -> None:
    assert {a for r in routes for a in r.actions} - set(PERMISSIONS) == set()


def test_every_action_of_the_table_is_performed_by_a_route_or_says_where(routes: list[RouteSeen]) -> None:
    performed = {a for r in routes for a in r.actions}
    unused = {name for name, p in PERMISSIONS.items() if name not in performed and not p.used_elsewhere}
    assert unused == set(), f"actions no route performs (mark used_elsewhere if they are): {unused}"


def test_routes_that_read_the_caller_declare_a_guarded_action(routes: list[RouteSeen]) -> None:
    # The caller's session is checked by the declared action; a public action checks nothing.
    unguarded = [r.label for r in routes if r.reads_caller and any(PERMISSIONS[a].public for a in r.actions)]
    assert unguarded == []


def test_every_api_route_documents_its_answers_through_the_contract(routes: list[RouteSeen]) -> None:
    by_hand = [r.label for r in routes if r.api_route and not r.contract_route]
    assert {label.split(" ")[-1] for label in by_hand} <= DOCUMENTATION_ROUTES


def test_every_router_under_api_routes_is_in_the_apps_router_list() -> None:
    import importlib
    import pkgutil

    import api.routes
    from api.app import ROUTERS

    modules = [importlib.import_module(f"api.routes.{m.name}") for m in pkgutil.iter_modules(api.routes.__path__)]
    routers = [m.router for m in modules if hasattr(m, "router")]
    assert [r for r in routers if r not in ROUTERS] == []
