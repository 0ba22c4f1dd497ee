"""A worker with BATON_RUN_PROCESSES off keeps the views and neither reacts to events nor fires deadlines."""

from __future__ import annotations

import threading

import pytest

from baton.container import build
from tests.builders import settings


@pytest.mark.parametrize(("run_processes", "expected"), [(True, True), (False, False)])
def test_process_managers_and_deadlines_run_only_when_the_setting_allows(
    database_url: str, schema: str, run_processes: bool, expected: bool
) -> None:
    container = build(settings(database_url, schema, run_processes=run_processes))
    try:
        container.start_runners()
        names = {t.name for t in threading.enumerate()}
        views = {f"projection-{p.name}" for p in container.projections}
        managers = {f"process-{p.name}" for p in container.processes} | {"deadlines"}
        assert views <= names
        assert (managers <= names) is expected and bool(managers & names) is expected
    finally:
        container.close()
