"""`kill -9` a worker mid-batch, while following and while rebuilding: restarted, the tables equal a clean rebuild."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from baton.container import Container, build
from projections.engine import catalog
from projections.leads import LeadPipeline
from tests.robustness.lead_writer import write_leads, writer_settings
from tests.robustness.ledger import assert_equals_clean_rebuild, connect, lead_events, wait_until_caught_up
from tests.robustness.worker_process import kill_mid_batch, start_worker, stop_worker

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


def _write(container: Container, first: int) -> None:
    with ThreadPoolExecutor(WRITERS) as pool:
        for f in [pool.submit(write_leads, container, first + w, LEADS, STEPS) for w in range(WRITERS)]:
            f.result(timeout=120)


def test_projection_equals_a_clean_rebuild_when_the_worker_is_killed_while_following(
    container: Container, database_url: str, schema: str, tmp_path: Path
) -> None:
    worker = start_worker(database_url, schema, tmp_path, app_name=f"{schema}-w1", batch_size=10)
    writing = threading.Thread(target=_write, args=(container, 0))
    writing.start()
    try:
        with connect(database_url, schema) as conn:
            kill_mid_batch(conn, worker, f"{schema}-w1")
            position_at_crash = catalog.active_position(conn, LeadPipeline.name) or 0
            worker = start_worker(database_url, schema, tmp_path, app_name=f"{schema}-w2", batch_size=10)
            writing.join(timeout=120)
            assert lead_events(conn) == WRITERS * LEADS * (1 + STEPS)
            assert position_at_crash < lead_events(conn), "the crash came after the worker had caught up"
            wait_until_caught_up(conn)
    finally:
        writing.join(timeout=120)
        stop_worker(worker)
    assert_equals_clean_rebuild(container, database_url, schema)


def test_rebuild_resumes_and_equals_a_clean_rebuild_when_the_worker_is_killed_mid_rebuild(
    container: Container, database_url: str, schema: str, tmp_path: Path
) -> None:
    _write(container, 0)
    worker = start_worker(database_url, schema, tmp_path, app_name=f"{schema}-w1", batch_size=10)
    try:
        with connect(database_url, schema) as conn:
            head = wait_until_caught_up(conn)
            # What `baton projections rebuild` does while a worker owns the projection.
            building = catalog.start_generation(conn, LeadPipeline())
            deadline = time.monotonic() + 30
            while _position(conn, building.generation) == 0 and time.monotonic() < deadline:
                time.sleep(0.01)
            kill_mid_batch(conn, worker, f"{schema}-w1")
            at_crash = _position(conn, building.generation)
            assert 0 < at_crash < head, f"the rebuild was not in progress at the crash ({at_crash} of {head})"

            worker = start_worker(database_url, schema, tmp_path, app_name=f"{schema}-w2", batch_size=10)
            wait_until_caught_up(conn)
            gens = {g.generation: g for g in catalog.generations(conn, LeadPipeline.name)}
            events = lead_events(conn)
    finally:
        stop_worker(worker)
    # The rebuild went on from where it stood, in the same generation, not from scratch.
    assert gens[building.generation].status == "active"
    assert gens[building.generation].events_applied == events
    assert_equals_clean_rebuild(container, database_url, schema)


def _position(conn: object, generation: int) -> int:
    gens = [g for g in catalog.generations(conn, LeadPipeline.name) if g.generation == generation]  # type: ignore[arg-type]
    return gens[0].position if gens else 0
