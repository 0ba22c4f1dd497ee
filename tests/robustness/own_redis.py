"""A redis-server a test owns, on its own port, so it may kill and restart it."""

from __future__ import annotations

import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from tests.e2e.server import free_port


@dataclass
class OwnRedis:
    """A private Redis: ``url`` to connect, ``kill()`` and ``start()`` to take it down and up."""

    port: int
    workdir: Path
    executable: str
    process: subprocess.Popen[bytes] | None = field(default=None)

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        log = (self.workdir / "redis.log").open("ab")
        self.process = subprocess.Popen(
            [self.executable, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            cwd=self.workdir,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.05)
        raise AssertionError(f"redis-server did not listen on {self.port}")

    def kill(self) -> None:
        """Take Redis down at once: whatever it held in memory is gone, as in a crash."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)


@contextmanager
def own_redis() -> Iterator[OwnRedis]:
    executable = shutil.which("redis-server")
    assert executable, "redis-server is not installed: the broker outage test needs it"
    workdir = Path(tempfile.mkdtemp(prefix="baton-own-redis-"))
    server = OwnRedis(port=free_port(), workdir=workdir, executable=executable)
    server.start()
    try:
        yield server
    finally:
        server.kill()
        shutil.rmtree(workdir, ignore_errors=True)
