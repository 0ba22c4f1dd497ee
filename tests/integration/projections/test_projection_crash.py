"""Runner processes: a kill mid-batch loses and repeats nothing; two never run together."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest

from baton.container import Container, build
from projections.engine import catalog
from projections.leads import LeadPipeline
from tests.builders import settings
from tests.builders.pipeline import History, catch_up, pipeline_rows, record_history

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def container(database_url: str, schema: str) -> Iterator[Container]:
    c = build(settings(database_url, schema))
    yield c
    c.close()


def start_runner(
    database_url: str, schema: str, journal: Path, app_name: str, *, delay: float = 0.0, batch: int = 20
) -> subprocess.Popen[bytes]:
    """The lead pipeline's runner in its own process (see projection_worker.py)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("BATON_")}
    env.update(
        BATON_DATABASE_URL=database_url,
        BATON_DATABASE_SCHEMA=schema,
        BATON_PROJECTION_BATCH_SIZE=str(batch),
        BATON_PROJECTION_IDLE_WAIT="0.1",
        PGAPPNAME=app_name,
    )
    command = [sys.executable, "-m", "tests.integration.projections.projection_worker", str(journal), str(delay)]
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def wait_until(condition: Callable[[], Any], timeout: float, what: str) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.02)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


def stop(process: subprocess.Popen[bytes]) -> str:
    """Stop a runner politely and return what it wrote to stderr."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=20)
    return err.decode(errors="replace")


def active(conn: psycopg.Connection[Any]) -> catalog.Generation | None:
    return next((g for g in catalog.generations(conn, "lead_pipeline") if g.status == "active"), None)


def in_transaction(conn: psycopg.Connection[Any], app_name: str) -> bool:
    row = conn.execute(
        "SELECT count(*) FROM pg_stat_activity WHERE application_name = %s AND xact_start IS NOT NULL", (app_name,)
    ).fetchone()
    return bool(row and row[0])


def journal_batches(*paths: Path) -> list[dict[str, Any]]:
    entries = [json.loads(line) for p in paths if p.exists() for line in p.read_text().splitlines()]
    return sorted(entries, key=lambda e: e["start"])


def assert_no_range_applied_twice(batches: list[dict[str, Any]]) -> None:
    # A batch committed just before a kill may miss the journal, so gaps are
    # allowed here; events_applied (checked elsewhere) counts every event.
    for earlier, later in zip(batches, batches[1:], strict=False):
        assert later["first"] > earlier["last"], f"positions {later['first']}..{earlier['last']} applied twice"


def assert_equals_fresh_rebuild(container: Container, history: History) -> None:
    with container.pool.connection() as conn:
        followed = pipeline_rows(conn)
        gen = active(conn)
        assert gen is not None and gen.position == history.last_position
        assert gen.events_applied == history.events, "some event was applied twice (or missed)"
        counts = dict(conn.execute("SELECT id, notes_count FROM lead_pipeline").fetchall())
        catalog.start_generation(conn, container.projection("lead_pipeline"))
    assert counts == history.notes
    catch_up(container)
    with container.pool.connection() as conn:
        assert pipeline_rows(conn) == followed


def test_runner_resumes_without_loss_or_repeat_when_killed_mid_batch(
    container: Container, database_url: str, schema: str, tmp_path: Path
) -> None:
    history = record_history(container.leads, 20)
    catch_up(container)  # the view is live; now more arrives while a runner is down
    record_history(container.leads, 120, more=history)
    app_name = f"crash-{uuid.uuid4().hex[:8]}"
    journal = tmp_path / "journal.jsonl"
    first = start_runner(database_url, schema, journal, app_name, delay=0.004, batch=20)
    with psycopg.connect(database_url, autocommit=True, options=f"-c search_path={schema}") as conn:
        caught_up_before = active(conn)
        assert caught_up_before is not None
        wait_until(lambda: (g := active(conn)) and g.position > caught_up_before.position, 30, "a batch")
        wait_until(lambda: in_transaction(conn, app_name), 10, "the runner inside a batch")
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
        wait_until(lambda: not in_transaction(conn, app_name), 10, "the killed batch to roll back")
        crashed = active(conn)
        assert crashed is not None and 0 < crashed.position < history.last_position
        # The table stands exactly at the last committed batch.
        events_so_far = conn.execute(
            "SELECT count(*) FROM baton_events WHERE notification_id <= %s", (crashed.position,)
        )
        registered = conn.execute(
            "SELECT count(*) FROM baton_events WHERE notification_id <= %s AND topic = 'baton.lead.Registered'",
            (crashed.position,),
        )
        assert crashed.events_applied == events_so_far.fetchone()[0]  # type: ignore[index]
        assert conn.execute("SELECT count(*) FROM lead_pipeline").fetchone()[0] == registered.fetchone()[0]  # type: ignore[index]

    second = start_runner(database_url, schema, journal, f"{app_name}-again")
    try:
        with container.pool.connection() as conn:
            wait_until(
                lambda: (g := active(conn)) and g.position == history.last_position, 30, "the restart to catch up"
            )
    finally:
        errors = stop(second)
    assert "Traceback" not in errors, errors

    batches = journal_batches(journal)
    assert {b["pid"] for b in batches} == {first.pid, second.pid}
    assert not [b for b in batches if "error" in b]
    assert_no_range_applied_twice(batches)
    assert_equals_fresh_rebuild(container, history)


def holders(conn: psycopg.Connection[Any], schema: str) -> list[str]:
    """Application names of sessions holding this schema's lead_pipeline runner lock."""
    rows = conn.execute(
        "SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
        " WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2"
        " AND l.classid = hashtext('baton.projection')::oid AND l.objid = hashtext(%s)::oid",
        (f"{schema}.lead_pipeline.v{LeadPipeline.version}",),
    ).fetchall()
    return [r[0] for r in rows]


def test_only_one_runner_processes_the_projection_when_two_start_together(
    container: Container, database_url: str, schema: str, tmp_path: Path
) -> None:
    history = record_history(container.leads, 10)
    catch_up(container)
    record_history(container.leads, 120, more=history)
    tag = uuid.uuid4().hex[:8]
    journals = {f"a-{tag}": tmp_path / "a.jsonl", f"b-{tag}": tmp_path / "b.jsonl"}
    runners = {name: start_runner(database_url, schema, path, name, delay=0.005) for name, path in journals.items()}
    seen: list[list[str]] = []
    try:
        with psycopg.connect(database_url, autocommit=True, options=f"-c search_path={schema}") as conn:
            owner = wait_until(lambda: holders(conn, schema), 30, "one runner to take the lock")[0]
            wait_until(lambda: (g := active(conn)) and g.position > 100, 30, "a committed batch")
            for _ in range(10):
                seen.append(holders(conn, schema))
                time.sleep(0.01)
            at_kill = active(conn)
            assert at_kill is not None and at_kill.position < history.last_position, "finished too soon to test"
            # The owner dies mid-way: the other must take over and finish.
            runners[owner].send_signal(signal.SIGKILL)
            runners[owner].wait(timeout=10)
            survivor = next(name for name in runners if name != owner)
            wait_until(lambda: holders(conn, schema) == [survivor], 30, "the other runner to take over")
            wait_until(lambda: (g := active(conn)) and g.position == history.last_position, 30, "the catch-up")
            seen.append(holders(conn, schema))
    finally:
        errors = {name: stop(p) for name, p in runners.items()}
    assert all(len(h) <= 1 for h in seen), seen
    assert seen[-1] == [survivor]
    assert "Traceback" not in errors[survivor], errors[survivor]

    batches = journal_batches(*journals.values())
    assert {b["pid"] for b in batches} == {p.pid for p in runners.values()}
    assert not [b for b in batches if "error" in b], "a runner lost ownership mid-batch"
    for earlier, later in zip(batches, batches[1:], strict=False):
        assert later["start"] >= earlier["end"], "two runners applied batches at the same time"
    assert_no_range_applied_twice(batches)
    assert_equals_fresh_rebuild(container, history)
