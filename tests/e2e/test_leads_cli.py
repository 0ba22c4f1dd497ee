"""The `baton` command line an operator uses next to a running server."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator

import pytest

from baton.container import Container, build
from tests.builders import settings
from tests.builders.pipeline import catch_up, record_history
from tests.e2e.client import ApiClient
from tests.e2e.server import ServerHandle, server_env


def baton(database_url: str, schema: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Run `baton ARGS` against the test schema; wide output so rich does not wrap."""
    env = server_env(database_url, schema, {"COLUMNS": "200", "TERM": "dumb"})
    return subprocess.run(
        [sys.executable, "-m", "baton.cli", *args], env=env, capture_output=True, text=True, timeout=120, check=False
    )


@pytest.fixture
def container(database_url: str, schema: str) -> Iterator[Container]:
    c = build(settings(database_url, schema))
    yield c
    c.close()


def test_status_reports_position_and_lag_when_the_server_has_caught_up(
    server: ServerHandle, client: ApiClient, database_url: str, schema: str
) -> None:
    for name in ["Avery", "Blake", "Casey"]:
        last = client.create_lead(name)
    client.list_leads(min_position=last["position"])

    shown = baton(database_url, schema, "projections", "status", "--json")
    assert shown.returncode == 0, shown.stderr
    status = json.loads(shown.stdout)
    (pipeline,) = [p for p in status["projections"] if p["name"] == "lead_pipeline"]
    assert status["head"] >= last["position"]
    assert (pipeline["status"], pipeline["lag"], pipeline["last_error"]) == ("active", 0, None)

    table = baton(database_url, schema, "projections", "status")
    assert table.returncode == 0 and "lead_pipeline" in table.stdout and "active" in table.stdout


def test_rebuild_builds_a_new_generation_and_swaps_it_in_when_run_offline(
    container: Container, database_url: str, schema: str
) -> None:
    history = record_history(container.leads, 30)
    catch_up(container)

    rebuilt = baton(database_url, schema, "projections", "rebuild", "lead_pipeline")
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert "lead_pipeline" in rebuilt.stdout and "events/s" in rebuilt.stdout
    assert (
        f"Generation 2 is active: {history.last_position:,} log positions read, {history.events:,} events applied"
        in (rebuilt.stdout)
    )

    status = json.loads(baton(database_url, schema, "projections", "status", "--json").stdout)
    assert [(p["name"], p["generation"], p["lag"]) for p in status["projections"] if p["name"] == "lead_pipeline"] == [
        ("lead_pipeline", 2, 0)
    ]


def test_rebuild_follows_the_running_server_when_it_owns_the_projection(
    server: ServerHandle, client: ApiClient, database_url: str, schema: str
) -> None:
    last = client.create_lead("Drew")
    client.list_leads(min_position=last["position"])
    rebuilt = baton(database_url, schema, "projections", "rebuild", "lead_pipeline")
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert "following its progress" in rebuilt.stdout and "is active" in rebuilt.stdout
    assert [i["name"] for i in client.list_leads()["items"]] == ["Drew"]


def test_rebuild_names_the_known_projections_when_given_an_unknown_one(database_url: str, schema: str) -> None:
    refused = baton(database_url, schema, "projections", "rebuild", "lead_pipe")
    assert refused.returncode == 2
    assert "No projection named 'lead_pipe'" in refused.stdout and "lead_pipeline" in refused.stdout


def test_audit_prints_a_records_history_when_given_its_id(container: Container, database_url: str, schema: str) -> None:
    history = record_history(container.leads, 1, seed=3)
    shown = baton(database_url, schema, "audit", str(history.lead_ids[0]))
    assert shown.returncode == 0, shown.stderr
    assert "baton.lead.Registered" in shown.stdout and "employee" in shown.stdout
    refused = baton(database_url, schema, "audit", "not-an-id")
    assert refused.returncode == 2 and "not a valid id" in refused.stdout
