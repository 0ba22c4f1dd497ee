"""A real `baton worker` subprocess, and a way to kill it -9 in the middle of a batch."""

from __future__ import annotations

import contextlib
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import psutil
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
    conn: psycopg.Connection[Any], worker: subprocess.Popen[bytes], app_name: str, timeout: float = 90
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


def serve_worker(server_pid: int, *, not_pid: int | None = None, timeout: float = 90) -> psutil.Process:
    """The `baton worker` child a `baton serve` supervises (one other than ``not_pid``: its restart)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for child in psutil.Process(server_pid).children():
            with contextlib.suppress(psutil.Error):
                if child.pid != not_pid and child.is_running() and "worker" in child.cmdline():
                    return child
        time.sleep(0.05)
    raise AssertionError(f"baton serve ({server_pid}) had no worker child within {timeout:g}s")


def kill_serve_worker_mid_batch(conn: psycopg.Connection[Any], child: psutil.Process, app_name: str) -> None:
    """SIGKILL the worker child of `baton serve` while its lead pipeline batch is written and not committed."""
    deadline = time.monotonic() + 90  # a bound for a busy machine, where a worker takes long to start
    while time.monotonic() < deadline:
        assert child.is_running(), "the worker child exited early"
        row = conn.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = %s AND backend_xid IS NOT NULL"
            " AND query ~ 'lead_(pipeline|notes)__g'",
            (app_name,),
        ).fetchone()
        if row and row[0]:
            child.send_signal(signal.SIGKILL)
            child.wait(timeout=10)
            return
    raise AssertionError("never caught the worker child inside a batch within 90s")
