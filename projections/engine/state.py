"""Every statement on ``projection_state`` and ``process_state``, and the log's head: one place.

``projection_state`` holds one row per generation of each projection (version,
status, position, events applied, last error); ``process_state`` one row per
process manager. Both positions move once per batch, guarded by the position
the batch started from, so a follower that lost its lock cannot write over
another's progress.
"""

from __future__ import annotations

from typing import Any

import psycopg
from psycopg import Connection, sql

PROJECTION_DDL = """
CREATE TABLE IF NOT EXISTS projection_state (
    name text NOT NULL,
    generation integer NOT NULL,
    version integer NOT NULL,
    status text NOT NULL CHECK (status IN ('building', 'active', 'retired')),
    position bigint NOT NULL DEFAULT 0,
    events_applied bigint NOT NULL DEFAULT 0,
    last_error text,
    last_error_at timestamptz,
    started_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (name, generation)
);
CREATE UNIQUE INDEX IF NOT EXISTS projection_state_one_active
    ON projection_state (name) WHERE status = 'active';
"""

PROCESS_DDL = """
CREATE TABLE IF NOT EXISTS process_state (
    name text PRIMARY KEY,
    position bigint NOT NULL DEFAULT 0,
    events_handled bigint NOT NULL DEFAULT 0,
    last_error text,
    updated_at timestamptz NOT NULL DEFAULT now()
);
"""

GENERATION_COLUMNS = (
    "name, generation, version, status, position, events_applied, last_error, last_error_at, updated_at"
)

# The batch's position, guarded by the one it started from: 0 rows means someone else moved it.
PROJECTION_ADVANCE = (
    "UPDATE projection_state SET position = %s, events_applied = events_applied + %s, "
    "last_error = NULL, updated_at = now() "
    "WHERE name = %s AND generation = %s AND position = %s"
)
PROCESS_ADVANCE = (
    "UPDATE process_state SET position = %s, events_handled = events_handled + %s, last_error = NULL,"
    " updated_at = now() WHERE name = %s AND position = %s"
)

# -- projections -----------------------------------------------------------------


def ensure_projection_state(conn: Connection[Any]) -> None:
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(hashtext('baton.projection_state.ddl'))")
        conn.execute(PROJECTION_DDL)


def generation_rows(conn: Connection[Any], name: str | None = None) -> list[tuple[Any, ...]]:
    query = f"SELECT {GENERATION_COLUMNS} FROM projection_state"  # noqa: S608 - constant text
    params: tuple[object, ...] = ()
    if name is not None:
        query += " WHERE name = %s"
        params = (name,)
    return conn.execute(query + " ORDER BY name, generation", params).fetchall()


def next_generation(conn: Connection[Any], name: str) -> int:
    row = conn.execute("SELECT coalesce(max(generation), 0) + 1 FROM projection_state WHERE name = %s", (name,))
    found = row.fetchone()
    assert found is not None
    return int(found[0])


def insert_building(conn: Connection[Any], name: str, generation: int, version: int) -> None:
    conn.execute(
        "INSERT INTO projection_state (name, generation, version, status) VALUES (%s, %s, %s, 'building')",
        (name, generation, version),
    )


def mark(conn: Connection[Any], name: str, generation: int, status: str) -> None:
    """Set a generation's status: 'active' when swapped in, 'retired' when replaced or abandoned."""
    conn.execute(
        "UPDATE projection_state SET status = %s, updated_at = now() WHERE name = %s AND generation = %s",
        (status, name, generation),
    )


def record_projection_error(conn: Connection[Any], name: str, generation: int, error: str) -> None:
    with conn.transaction():
        conn.execute(
            "UPDATE projection_state SET last_error = %s, last_error_at = now() WHERE name = %s AND generation = %s",
            (error[:4000], name, generation),
        )


def active_position(conn: Connection[Any], name: str) -> int | None:
    row = conn.execute(
        "SELECT position FROM projection_state WHERE name = %s AND status = 'active'", (name,)
    ).fetchone()
    return None if row is None else int(row[0])


def forget_projection(conn: Connection[Any], name: str) -> None:
    """Drop every state row of ``name`` (the bench starts each rebuild from nothing)."""
    conn.execute("DELETE FROM projection_state WHERE name = %s", (name,))


# -- process managers ------------------------------------------------------------


def ensure_process_state(conn: Connection[Any]) -> None:
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(hashtext('baton.process_state.ddl'))")
        conn.execute(PROCESS_DDL)


def register_process(conn: Connection[Any], name: str) -> None:
    conn.execute("INSERT INTO process_state (name) VALUES (%s) ON CONFLICT (name) DO NOTHING", (name,))


def process_position(conn: Connection[Any], name: str) -> int:
    row = conn.execute("SELECT position FROM process_state WHERE name = %s", (name,)).fetchone()
    return int(row[0]) if row else 0


def advance_process(conn: Connection[Any], name: str, start: int, position: int, handled: int) -> bool:
    """Move a process manager from ``start`` to ``position``; False if it was no longer at ``start``."""
    cur = conn.execute(PROCESS_ADVANCE, (position, handled, name, start))
    return cur.rowcount == 1


def record_process_error(conn: Connection[Any], name: str, error: str) -> None:
    conn.execute("UPDATE process_state SET last_error = %s, updated_at = now() WHERE name = %s", (error[:4000], name))


# -- the log ---------------------------------------------------------------------


def head_query(schema: str, events_table: str) -> bytes:
    """The position of the newest event in the log (0 when empty), rendered once by its reader."""
    table = sql.SQL("{}.{}").format(sql.Identifier(schema), sql.Identifier(events_table))
    return sql.SQL("SELECT coalesce(max(notification_id), 0) FROM {}").format(table).as_bytes()


def log_head(conn: Connection[Any], schema: str, events_table: str) -> int:
    """The head of the log, or 0 before the event store has created its table."""
    try:
        row = conn.execute(head_query(schema, events_table)).fetchone()
    except psycopg.errors.UndefinedTable:
        return 0
    return int(row[0]) if row else 0
