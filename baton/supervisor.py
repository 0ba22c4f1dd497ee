"""`baton serve` runs the projection runners, process managers and actors in a child process it supervises.

The request process then holds no thread that follows the log: its GIL is the
requests'. The child is `baton worker`, started with the same environment (and
the database the server resolved, so an embedded server is shared, not started
twice). When the child dies it is started again, with a growing pause if it
keeps dying at once; when the server stops, so does the child. The child runs in
a session of its own, so a terminal's Ctrl-C reaches the server, which then
stops the child; and it asks the kernel to end it should the server die first
(``PARENT_PID``), so a `kill -9` of the server leaves no orphan.
"""

from __future__ import annotations

import ctypes
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Mapping

log = logging.getLogger(__name__)

# Set by the supervisor in the child's environment: the pid whose death ends the child, and where to say it runs.
PARENT_PID = "BATON_WORKER_PARENT_PID"
READY_FD = "BATON_WORKER_READY_FD"
_PR_SET_PDEATHSIG = 1
# A child that ran this long before dying is restarted at once; one that dies sooner waits longer each time.
_HEALTHY_AFTER = 30.0
_FIRST_PAUSE, _LONGEST_PAUSE = 0.5, 10.0


def die_with_parent() -> None:
    """In a child started by ``WorkerSupervisor``: end (SIGTERM) when the supervising server dies."""
    expected = os.environ.get(PARENT_PID)
    if not expected or not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    except (OSError, AttributeError):  # not fatal: the server still stops its child on a clean exit
        log.warning("could not ask to end with the server (prctl unavailable)")
    if os.getppid() != int(expected):  # the server died before the request above took effect
        os.kill(os.getpid(), signal.SIGTERM)


def report_ready() -> None:
    """In a child started by ``WorkerSupervisor``: tell it the runners are following the log."""
    fd = os.environ.pop(READY_FD, "")
    if fd.isdigit():
        try:
            os.write(int(fd), b"1")
            os.close(int(fd))
        except OSError:  # the server stopped waiting: nothing to tell
            pass


class WorkerSupervisor:
    """Starts `baton worker` as a child, restarts it whenever it dies, stops it on ``stop``."""

    def __init__(self, env: Mapping[str, str] | None = None, *, command: list[str] | None = None) -> None:
        self.command = command or [sys.executable, "-m", "baton.cli", "worker"]
        self.env = {**os.environ, **(env or {}), PARENT_PID: str(os.getpid())}
        self.process: subprocess.Popen[bytes] | None = None
        self.restarts = 0
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._supervise, name="worker-supervisor", daemon=True)
        self._ready = threading.Event()

    def start(self) -> None:
        self._spawn()
        self._thread.start()

    @property
    def pid(self) -> int | None:
        with self._lock:
            return self.process.pid if self.process is not None else None

    def _spawn(self) -> None:
        with self._lock:
            if self._stopping.is_set():
                return
            read, write = os.pipe()
            # Output goes where the server's goes; a session of its own keeps a terminal's signals away.
            self.process = subprocess.Popen(  # noqa: S603
                self.command, env={**self.env, READY_FD: str(write)}, start_new_session=True, pass_fds=(write,)
            )
            os.close(write)
        threading.Thread(target=self._await_ready, args=(read,), name="worker-ready", daemon=True).start()
        log.info("worker process %s started", self.process.pid)

    def _await_ready(self, read: int) -> None:
        with os.fdopen(read, "rb") as pipe:
            if pipe.read(1):
                self._ready.set()

    def wait_ready(self, timeout: float) -> bool:
        """Wait until the child runs its followers (True), or ``timeout`` seconds (False)."""
        return self._ready.wait(timeout)

    def _supervise(self) -> None:
        pause = _FIRST_PAUSE
        while not self._stopping.is_set():
            process = self.process
            assert process is not None
            started = time.monotonic()
            code = process.wait()
            if self._stopping.is_set():
                return
            if time.monotonic() - started >= _HEALTHY_AFTER:
                pause = _FIRST_PAUSE
            log.warning("worker process %s exited with %s; starting it again in %.1fs", process.pid, code, pause)
            if self._stopping.wait(pause):
                return
            pause = min(pause * 2, _LONGEST_PAUSE)
            self.restarts += 1
            self._spawn()

    def stop(self, timeout: float = 15.0) -> None:
        """Stop the child (SIGTERM, then SIGKILL after ``timeout``) and stop restarting it."""
        with self._lock:
            self._stopping.set()
            process = self.process
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            log.warning("worker process %s did not stop within %.0fs; killing it", process.pid, timeout)
            process.kill()
            process.wait()
