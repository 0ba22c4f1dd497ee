"""Every view is registered once, owns tables no other view names, and the engine knows none of them."""

from __future__ import annotations

import ast
import importlib
import pkgutil
from pathlib import Path

import projections
from projections.engine import Projection
from projections.registry import all_projections

ENGINE = Path(projections.__file__).parent / "engine"


def defined_views() -> set[type[Projection]]:
    for module in pkgutil.walk_packages(projections.__path__, "projections."):
        importlib.import_module(module.name)
    found: set[type[Projection]] = set()
    pending = list(Projection.__subclasses__())
    while pending:
        cls = pending.pop()
        pending += cls.__subclasses__()
        if cls.__module__.startswith("projections.") and "name" in vars(cls):
            found.add(cls)
    return found


def test_every_view_under_projections_is_in_the_registry() -> None:
    registered = {type(p) for p in all_projections()}
    missing = sorted(c.__qualname__ for c in defined_views() - registered)
    assert not missing, f"add {missing} to projections/registry.py"


def test_view_names_and_table_names_are_unique_across_views() -> None:
    views = all_projections()
    tables = [t for p in views for t in p.table_names]
    assert len({p.name for p in views}) == len(views)
    assert len(set(tables)) == len(tables), "two views would share one readers' view"


def test_the_engine_imports_no_view() -> None:
    allowed = ("projections.engine", "projections.scope")
    for path in ENGINE.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("projections"):
                assert (node.module or "").startswith(allowed), f"{path.name} imports {node.module}"
