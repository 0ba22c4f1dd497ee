"""Where each projection stands: generations, positions, errors, and the swap."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from psycopg import Connection, sql

from projections.base import Projection, Tables, physical_name

STATE_DDL = """
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


@dataclass(frozen=True)
class Generation:
    """One build of a projection's tables, with its tracked position."""

    name: str
    generation: int
    version: int
    status: str
    position: int
    events_applied: int
    last_error: str | None
    last_error_at: datetime | None
    updated_at: datetime

    def tables(self, projection: Projection) -> Tables:
        return Tables(list(projection.tables), self.generation)


def ensure_schema(conn: Connection[Any]) -> None:
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(hashtext('baton.projection_state.ddl'))")
        conn.execute(STATE_DDL)


def generations(conn: Connection[Any], name: str | None = None) -> list[Generation]:
    query = "SELECT name, generation, version, status, position, events_applied, last_error, last_error_at, updated_at FROM projection_state"
    params: tuple[object, ...] = ()
    if name is not None:
        query += " WHERE name = %s"
        params = (name,)
    rows = conn.execute(query + " ORDER BY name, generation", params).fetchall()
    return [Generation(*row) for row in rows]


def live_generations(conn: Connection[Any], name: str) -> list[Generation]:
    return [g for g in generations(conn, name) if g.status != "retired"]


def start_generation(conn: Connection[Any], projection: Projection) -> Generation:
    """Create empty tables for a new generation, to be built from position 0."""
    with conn.transaction():
        row = conn.execute(
            "SELECT coalesce(max(generation), 0) + 1 FROM projection_state WHERE name = %s",
            (projection.name,),
        ).fetchone()
        assert row is not None
        generation = int(row[0])
        tables = Tables(list(projection.tables), generation)
        for statement in projection.create_statements(tables):
            conn.execute(statement)
        conn.execute(
            "INSERT INTO projection_state (name, generation, version, status) VALUES (%s, %s, %s, 'building')",
            (projection.name, generation, projection.version),
        )
    return next(g for g in generations(conn, projection.name) if g.generation == generation)


def activate(conn: Connection[Any], projection: Projection, built: Generation) -> None:
    """Swap readers onto ``built`` in one transaction and drop what it replaces."""
    with conn.transaction():
        for statement in projection.index_statements(built.tables(projection)):
            conn.execute(statement)
        previous = [g for g in live_generations(conn, projection.name) if g.generation != built.generation]
        for logical in projection.tables:
            conn.execute(sql.SQL("DROP VIEW IF EXISTS {}").format(sql.Identifier(logical)))
            conn.execute(
                sql.SQL("CREATE VIEW {} AS SELECT * FROM {}").format(
                    sql.Identifier(logical), sql.Identifier(physical_name(logical, built.generation))
                )
            )
        # Then take the tables being replaced (views first, the order readers lock
        # in). A runner of an older version may be mid-batch on them; it must
        # finish before we touch its state row, or each would wait on the other.
        for old in previous:
            for logical in projection.tables:
                table = physical_name(logical, old.generation)
                if conn.execute("SELECT to_regclass(%s)", (table,)).fetchone() != (None,):
                    conn.execute(sql.SQL("LOCK TABLE {} IN ACCESS EXCLUSIVE MODE").format(sql.Identifier(table)))
        for old in previous:
            conn.execute(
                "UPDATE projection_state SET status = 'retired', updated_at = now() WHERE name = %s AND generation = %s",
                (old.name, old.generation),
            )
            for logical in projection.tables:
                conn.execute(
                    sql.SQL("DROP TABLE IF EXISTS {}").format(sql.Identifier(physical_name(logical, old.generation)))
                )
        conn.execute(
            "UPDATE projection_state SET status = 'active', updated_at = now() WHERE name = %s AND generation = %s",
            (built.name, built.generation),
        )


def record_error(conn: Connection[Any], gen: Generation, error: str) -> None:
    with conn.transaction():
        conn.execute(
            "UPDATE projection_state SET last_error = %s, last_error_at = now() WHERE name = %s AND generation = %s",
            (error[:4000], gen.name, gen.generation),
        )


def active_position(conn: Connection[Any], name: str) -> int | None:
    row = conn.execute(
        "SELECT position FROM projection_state WHERE name = %s AND status = 'active'", (name,)
    ).fetchone()
    return None if row is None else int(row[0])
