"""Each shared registry names every part a slice adds: nothing written is left unregistered."""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType

from fastapi import APIRouter

import api
import processes
from api.app import ROUTERS
from baton.event_catalogue import catalogue
from domain.registry import AGGREGATES
from processes.manager import ProcessManager
from processes.registry import PROCESSES


def test_every_aggregate_in_the_domain_is_registered_when_written() -> None:
    written = {entry.name for entry in catalogue()}
    registered = {r.aggregate.__name__ for r in AGGREGATES}
    assert written - registered == set(), "add these aggregates to domain/registry.py"
    assert len(registered) == len(AGGREGATES), "an aggregate is registered twice"


def _modules(package: ModuleType) -> list[ModuleType]:
    return [
        importlib.import_module(m.name) for m in pkgutil.walk_packages(package.__path__, prefix=package.__name__ + ".")
    ]


def test_every_process_manager_is_registered_and_buildable_when_written() -> None:
    written = {
        obj
        for module in _modules(processes)
        for obj in vars(module).values()
        if isinstance(obj, type) and issubclass(obj, ProcessManager) and obj is not ProcessManager
    }
    assert written - set(PROCESSES) == set(), "add these process managers to processes/registry.py"
    for process in PROCESSES:
        assert "build" in vars(process), f"{process.__name__} must implement build(kit)"


def test_every_router_under_api_is_in_the_apps_router_list_when_written() -> None:
    written = {
        module.__name__
        for module in _modules(api)
        if isinstance(getattr(module, "router", None), APIRouter) and module.__name__ != "api.app"
    }
    listed = {module.__name__ for module in _modules(api) if getattr(module, "router", None) in ROUTERS}
    assert written - listed == set(), "add these routers to api/app.py's ROUTERS"
