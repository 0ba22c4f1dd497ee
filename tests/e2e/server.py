"""Start a real `baton serve` subprocess for end-to-end tests.

``start_server`` is a context manager any test can use with its own extra
settings (SMTP, Redis, ...); the ``server`` fixture in conftest.py wraps it.
"""

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
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from projections.registry import all_projections

READY_TIMEOUT = 120.0  # a bound, not a wait: a loaded machine takes long to start every view
VIEWS = {projection.name for projection in all_projections()}
# Longer than `baton serve` gives its worker child to stop (15 s), so a slow stop on a loaded machine still ends
# in order rather than in a kill.
STOP_TIMEOUT = 30.0


def free_port() -> int:
    """A TCP port on the loopback interface nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@dataclass
class ServerHandle:
    """A running `baton serve`: where it listens and what it printed."""

    base_url: str
    process: subprocess.Popen[bytes]
    log_path: Path
    env: dict[str, str] = field(default_factory=dict)

    def log(self) -> str:
        """Everything the server printed so far (stdout and stderr)."""
        return self.log_path.read_text(errors="replace")

    def running(self) -> bool:
        return self.process.poll() is None


def server_env(database_url: str, schema: str, extra_env: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of a server: ours minus any BATON_* setting, plus the test's."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("BATON_")}
    env.update(
        {
            "BATON_DATABASE_URL": database_url,
            "BATON_DATABASE_SCHEMA": schema,
            "BATON_PROJECTION_IDLE_WAIT": "0.2",
            "BATON_LOG_LEVEL": "warning",
            "PYTHONUNBUFFERED": "1",
        }
    )
    env.update(extra_env or {})
    return env


def _wait_ready(handle: ServerHandle, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    last = "no answer"
    while time.monotonic() < deadline:
        if not handle.running():
            msg = f"baton serve exited with code {handle.process.returncode} before it was ready:\n{handle.log()}"
            raise RuntimeError(msg)
        try:
            response = httpx.get(f"{handle.base_url}/readyz", timeout=2.0)
            # Ready for a test once every view has been built once: reads of a view answer 503 until then.
            if response.status_code == 200 and set(response.json()["projections"]) >= VIEWS:
                return
            last = f"{response.status_code} {response.text[:200]}"
        except httpx.HTTPError as exc:
            last = f"{type(exc).__name__}"
        time.sleep(0.1)
    msg = f"baton serve was not ready after {timeout:g}s (last: {last}):\n{handle.log()}"
    raise RuntimeError(msg)


def stop_server(handle: ServerHandle, timeout: float = STOP_TIMEOUT) -> int:
    """Ask the server to stop (SIGTERM); kill it if it does not within ``timeout``."""
    if handle.running():
        handle.process.send_signal(signal.SIGTERM)
        try:
            handle.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            handle.process.kill()  # its worker child is told of the death and stops itself
            handle.process.wait(timeout=timeout)
    return handle.process.returncode


@contextmanager
def start_server(
    database_url: str,
    schema: str,
    extra_env: dict[str, str] | None = None,
    *,
    args: tuple[str, ...] = (),
    ready_timeout: float = READY_TIMEOUT,
) -> Iterator[ServerHandle]:
    """Run `baton serve` on a free loopback port until the block ends.

    BATON_REDIS_URL stays unset (in-process broker) unless ``extra_env`` sets it.
    The server runs in an empty directory, so no stray .env file is read.
    """
    port = free_port()
    env = server_env(database_url, schema, extra_env)
    with tempfile.TemporaryDirectory(prefix="baton-e2e-") as workdir:
        log_path = Path(workdir) / "server.log"
        with log_path.open("wb") as log_file:
            process = subprocess.Popen(
                [sys.executable, "-m", "baton.cli", "serve", "--host", "127.0.0.1", "--port", str(port), *args],
                env=env,
                cwd=workdir,
                stdout=log_file,
                stderr=subprocess.STDOUT,
            )
        handle = ServerHandle(base_url=f"http://127.0.0.1:{port}", process=process, log_path=log_path, env=env)
        try:
            _wait_ready(handle, ready_timeout)
            yield handle
        finally:
            stop_server(handle)
