"""`baton serve` runs the runners in a child it supervises: `kill -9` that child mid-batch, it comes back and catches up."""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psutil
import pytest

from baton.container import Container, build
from projections.engine import catalog
from projections.leads import LeadPipeline
from tests.e2e.server import start_server
from tests.robustness.lead_writer import write_leads, writer_settings
from tests.robustness.ledger import assert_equals_clean_rebuild, connect, lead_events, wait_until_caught_up
from tests.robustness.worker_process import kill_serve_worker_mid_batch, serve_worker

WRITERS = 4
LEADS = 25
STEPS = 9  # 4 x 25 x 10 = 1,000 events


@pytest.fixture
def container(database_url: str, schema: str) -> Iterator[Container]:
    built = build(writer_settings(database_url, schema).model_copy(update={"db_pool_size": WRITERS}))
    try:
        yield built
    finally:
        built.close()


def _write(container: Container) -> None:
    with ThreadPoolExecutor(WRITERS) as pool:
        for f in [pool.submit(write_leads, container, w, LEADS, STEPS) for w in range(WRITERS)]:
            f.result(timeout=120)


def test_projection_equals_a_clean_rebuild_when_the_serve_worker_child_is_killed_mid_batch(
    container: Container, database_url: str, schema: str, tmp_path: Path
) -> None:
    app_name = f"{schema}-serve"
    extra = {"BATON_PROJECTION_BATCH_SIZE": "10", "PGAPPNAME": app_name, "BATON_DATA_DIR": str(tmp_path)}
    with start_server(database_url, schema, extra) as server:
        child = serve_worker(server.process.pid)
        writing = threading.Thread(target=_write, args=(container,))
        writing.start()
        try:
            with connect(database_url, schema) as conn:
                kill_serve_worker_mid_batch(conn, child, app_name)
                position_at_crash = catalog.active_position(conn, LeadPipeline.name) or 0
                restarted = serve_worker(server.process.pid, not_pid=child.pid)
                writing.join(timeout=120)
                assert lead_events(conn) == WRITERS * LEADS * (1 + STEPS)
                assert position_at_crash < lead_events(conn), "the crash came after the runner had caught up"
                wait_until_caught_up(conn)
                assert restarted.is_running() and server.running()
        finally:
            writing.join(timeout=120)
    assert_equals_clean_rebuild(container, database_url, schema)


def test_worker_child_ends_when_the_server_is_killed(database_url: str, schema: str) -> None:
    # The child is told of its server's death (SIGTERM, possibly more than once) and must stop, releasing its locks.
    # Before, a signal landing inside the previous one's handler (Event.set) deadlocked it and it ran on as an
    # orphan; that needs unlucky timing, so this burst makes it likely, not certain.
    with start_server(database_url, schema) as server:
        child = serve_worker(server.process.pid)
        server.process.kill()
        server.process.wait(timeout=30)
        for _ in range(50):  # stop requests arriving in a burst, on top of the one its server's death sent
            with contextlib.suppress(psutil.NoSuchProcess):
                child.send_signal(signal.SIGTERM)
        try:
            child.wait(timeout=60)  # a bound for a loaded machine; a quiet one sees it go within a second
        except psutil.TimeoutExpired:
            child.kill()
            pytest.fail("the worker child outlived its killed server by a minute")
