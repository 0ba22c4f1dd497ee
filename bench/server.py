"""A real `baton serve` on the bench schema, in its own process."""

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
def serve(url: str, schema: str, timeout: float = 60.0) -> Iterator[Server]:
    """Start `baton serve` (API, projection runners, worker) and stop it afterwards."""
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("BATON_")}
    env.update(
        BATON_DATABASE_URL=url,
        BATON_DATABASE_SCHEMA=schema,
        BATON_LOG_LEVEL="warning",
        PYTHONUNBUFFERED="1",
        PYTHONPATH=str(Path.cwd()),
    )
    with tempfile.TemporaryDirectory(prefix="baton-bench-") as workdir:
        log_path = Path(workdir) / "server.log"
        with log_path.open("wb") as log_file:
            process = subprocess.Popen(
                [sys.executable, "-m", "baton.cli", "serve", "--host", "127.0.0.1", "--port", str(port)],
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
                    if httpx.get(f"{server.base_url}/healthz", timeout=2).status_code == 200:
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
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
