"""Many writers, threads and processes, while runners follow: every event lands exactly once."""

from __future__ import annotations

import json
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from baton.container import build
from tests.e2e.server import server_env
from tests.robustness.lead_writer import write_leads, writer_settings
from tests.robustness.ledger import assert_equals_clean_rebuild, connect, versions_in_log, wait_until_caught_up

THREAD_WRITERS = 6
PROCESS_WRITERS = 6
LEADS_PER_WRITER = 20
STEPS_PER_LEAD = 9  # 20 leads x 10 events = 200 events per writer
ROOT = Path(__file__).resolve().parents[2]


def _start_process_writers(database_url: str, schema: str, first: int) -> list[subprocess.Popen[str]]:
    return [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.robustness.lead_writer",
                database_url,
                schema,
                str(first + i),
                str(LEADS_PER_WRITER),
                str(STEPS_PER_LEAD),
            ],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in range(PROCESS_WRITERS)
    ]


def _collect(processes: list[subprocess.Popen[str]]) -> dict[str, int]:
    written: dict[str, int] = {}
    for p in processes:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, f"writer process failed:\n{err[-3000:]}"
        written.update(json.loads(out.strip().splitlines()[-1]))
    return written


def _write_concurrently(database_url: str, schema: str) -> dict[str, int]:
    """Six writer processes and six writer threads at once; returns lead id -> version written."""
    container = build(writer_settings(database_url, schema).model_copy(update={"db_pool_size": 4}))
    try:
        processes = _start_process_writers(database_url, schema, first=100)
        with ThreadPoolExecutor(THREAD_WRITERS) as pool:
            futures = [
                pool.submit(write_leads, container, w, LEADS_PER_WRITER, STEPS_PER_LEAD) for w in range(THREAD_WRITERS)
            ]
            written = {k: v for f in futures for k, v in f.result(timeout=120).items()}
        written.update(_collect(processes))
    finally:
        container.close()
    return written


def _expected_totals(written: dict[str, int]) -> None:
    writers = THREAD_WRITERS + PROCESS_WRITERS
    assert len(written) == writers * LEADS_PER_WRITER
    assert sum(written.values()) == writers * LEADS_PER_WRITER * (1 + STEPS_PER_LEAD)


def test_projection_holds_every_event_once_when_twelve_writers_race_the_runner(database_url: str, schema: str) -> None:
    follower = build(writer_settings(database_url, schema).model_copy(update={"projection_batch_size": 50}))
    try:
        follower.start_runners()
        written = _write_concurrently(database_url, schema)
        _expected_totals(written)
        with connect(database_url, schema) as conn:
            assert versions_in_log(conn) == written, "the log lost or gained events"
            wait_until_caught_up(conn)
        follower.close()
        facts = assert_equals_clean_rebuild(follower, database_url, schema)
    finally:
        follower.close()
    assert facts.leads == len(written)


def test_projection_holds_every_event_once_when_a_second_runner_process_competes(
    database_url: str, schema: str, tmp_path: Path
) -> None:
    follower = build(writer_settings(database_url, schema).model_copy(update={"projection_batch_size": 50}))
    env = server_env(database_url, schema, {"BATON_PROJECTION_BATCH_SIZE": "50"})
    worker = subprocess.Popen(
        [sys.executable, "-m", "baton.cli", "worker"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=(tmp_path / "worker.log").open("wb"),
    )
    try:
        follower.start_runners()
        written = _write_concurrently(database_url, schema)
        _expected_totals(written)
        # Hand over mid-stream: the in-process runner stops, the worker process must take over.
        follower.close()
        late_writer = build(writer_settings(database_url, schema))
        try:
            written.update(write_leads(late_writer, 99, 5, STEPS_PER_LEAD))
        finally:
            late_writer.close()
        with connect(database_url, schema) as conn:
            assert versions_in_log(conn) == written
            wait_until_caught_up(conn)
        assert worker.poll() is None, (tmp_path / "worker.log").read_text()
        worker.terminate()
        worker.wait(timeout=15)
        facts = assert_equals_clean_rebuild(follower, database_url, schema)
    finally:
        if worker.poll() is None:
            worker.kill()
        follower.close()
    assert facts.leads == len(written)
