"""A real `baton serve` on the bench schema (the bench's build, with its floor routes), in its own process."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import psutil


@dataclass
class Server:
    """Where the server listens and where its output goes."""

    host: str
    port: int
    process: subprocess.Popen[bytes]
    log_path: Path

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@contextmanager
def serve(url: str, schema: str, timeout: float = 300.0, *, workers: int = 1) -> Iterator[Server]:
    """Start `baton serve` (API, and its supervised runner child) with the floor routes; stop it afterwards."""
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("BATON_")}
    env.update(
        BATON_DATABASE_URL=url,
        BATON_DATABASE_SCHEMA=schema,
        BATON_LOG_LEVEL="warning",
        # Views only: the history's clock is in the past, so every deadline would fire at once and the process
        # managers would change tickets and invoices the generator still holds and writes to afterwards.
        BATON_RUN_PROCESSES="false",
        PYTHONUNBUFFERED="1",
        PYTHONPATH=str(Path.cwd()),
    )
    # The worker child may still be writing outbox files while it stops: never fail the run on cleanup.
    with tempfile.TemporaryDirectory(prefix="baton-bench-", ignore_cleanup_errors=True) as workdir:
        log_path = Path(workdir) / "server.log"
        with log_path.open("wb") as log_file:
            process = subprocess.Popen(
                [sys.executable, "-m", "bench.serve_app", "--port", str(port), "--workers", str(workers)],
                env=env,
                cwd=workdir,
                stdout=log_file,
                stderr=subprocess.STDOUT,
            )
        server = Server("127.0.0.1", port, process, log_path)
        try:
            deadline = time.monotonic() + timeout
            while True:
                if process.poll() is not None:
                    raise RuntimeError(f"baton serve exited early:\n{log_path.read_text(errors='replace')}")
                try:
                    if httpx.get(f"{server.base_url}/bench/select-1", timeout=2).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if time.monotonic() > deadline:
                    raise RuntimeError(f"baton serve not up after {timeout}s:\n{log_path.read_text(errors='replace')}")
                time.sleep(0.1)
            yield server
        finally:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(timeout=60)  # it stops its worker child first
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()


def _processes(server: Server) -> tuple[list[psutil.Process], list[psutil.Process]]:
    """The API's processes (the server, and its uvicorn workers) and the runner child's."""
    root = psutil.Process(server.process.pid)
    api, runner = [root], []
    for child in root.children(recursive=True):
        try:
            (runner if "worker" in child.cmdline() else api).append(child)
        except psutil.Error:
            continue
    # A runner child's own children (none today) count as the runner's.
    return api, runner


def _cpu(processes: list[psutil.Process]) -> float:
    total = 0.0
    for p in processes:
        try:
            t = p.cpu_times()
            total += t.user + t.system
        except psutil.Error:
            continue
    return total


@dataclass
class CpuMeter:
    """CPU seconds the API processes and the runner child spend between ``start`` and ``stop``."""

    server: Server
    api_s: float = 0.0
    runner_s: float = 0.0

    def start(self) -> None:
        self._api, self._runner = _processes(self.server)
        self._t0 = (_cpu(self._api), _cpu(self._runner))

    def stop(self) -> None:
        self.api_s = _cpu(self._api) - self._t0[0]
        self.runner_s = _cpu(self._runner) - self._t0[1]
