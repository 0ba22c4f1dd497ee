"""A real `baton worker` subprocess, and a way to kill it -9 in the middle of a batch."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import psycopg

from tests.e2e.server import server_env


def start_worker(
    database_url: str, schema: str, workdir: Path, *, app_name: str, batch_size: int
) -> subprocess.Popen[bytes]:
    """`baton worker` on ``schema``; its connections carry ``app_name`` so a test can spot them."""
    env = server_env(database_url, schema, {"BATON_PROJECTION_BATCH_SIZE": str(batch_size), "PGAPPNAME": app_name})
    log = (workdir / f"{app_name}.log").open("ab")
    return subprocess.Popen(
        [sys.executable, "-m", "baton.cli", "worker"], cwd=workdir, env=env, stdout=log, stderr=subprocess.STDOUT
    )


def kill_mid_batch(
    conn: psycopg.Connection[Any], worker: subprocess.Popen[bytes], app_name: str, timeout: float = 20
) -> None:
    """SIGKILL ``worker`` while its lead pipeline batch has written rows and not committed."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert worker.poll() is None, f"the worker exited early with {worker.returncode}"
        row = conn.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = %s AND backend_xid IS NOT NULL"
            " AND query ~ 'lead_(pipeline|notes)__g'",
            (app_name,),
        ).fetchone()
        if row and row[0]:
            worker.send_signal(signal.SIGKILL)
            worker.wait(timeout=10)
            return
    raise AssertionError(f"never caught the worker inside a batch within {timeout:g}s")


def stop_worker(worker: subprocess.Popen[bytes]) -> None:
    if worker.poll() is None:
        worker.terminate()
        try:
            worker.wait(timeout=15)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait(timeout=5)
