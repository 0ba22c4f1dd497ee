"""The database a run measures: the machine's PostgreSQL, else an embedded one."""

from __future__ import annotations

import os
import uuid
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql

from baton.container import Container, build
from baton.settings import Settings

DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/test"


def resolve_url(console: Any) -> tuple[str, Any]:
    """BATON_BENCH_DATABASE_URL (or the default); the embedded server if it is unreachable."""
    url = os.environ.get("BATON_BENCH_DATABASE_URL", DEFAULT_URL)
    try:
        with psycopg.connect(url, connect_timeout=3) as conn:
            conn.execute("SELECT 1")
        return url, None
    except psycopg.OperationalError as exc:
        console.print(f"[yellow]{url} unreachable ({exc.__class__.__name__}); using the embedded PostgreSQL.[/]")
    from baton import embedded_db

    server = embedded_db.start(Path("var/bench"))
    return embedded_db.url(server), server


def create_schema(url: str) -> str:
    """A fresh schema for this run, so nothing else on the server is touched."""
    name = f"bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(name)))
    return name


def drop_schema(url: str, schema: str) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))


def settings_for(url: str, schema: str, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "database_url": url,
        "database_schema": schema,
        "data_dir": Path("var/bench"),
        "log_level": "warning",
        "_env_file": None,
    }
    values.update(overrides)
    return Settings(**values)


def container_for(url: str, schema: str, **overrides: Any) -> Container:
    """Baton wired exactly as `baton serve` wires it, on the bench schema."""
    return build(settings_for(url, schema, **overrides))


def server_version(url: str) -> str:
    with psycopg.connect(url) as conn:
        row = conn.execute("SHOW server_version").fetchone()
    return str(row[0]) if row else "?"
