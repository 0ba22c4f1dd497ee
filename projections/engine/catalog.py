"""Where each projection stands: generations, positions, errors, and the swap."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from psycopg import Connection, sql

from projections.engine import state
from projections.engine.postgres import Tables, physical_name
from projections.engine.projection import Projection

ensure_schema = state.ensure_projection_state
active_position = state.active_position


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
        return Tables(projection.table_names, self.generation)


def generations(conn: Connection[Any], name: str | None = None) -> list[Generation]:
    return [Generation(*row) for row in state.generation_rows(conn, name)]


def live_generations(conn: Connection[Any], name: str) -> list[Generation]:
    return [g for g in generations(conn, name) if g.status != "retired"]


def start_generation(conn: Connection[Any], projection: Projection) -> Generation:
    """Create empty tables for a new generation, to be built from position 0."""
    with conn.transaction():
        generation = state.next_generation(conn, projection.name)
        for statement in projection.create_statements(Tables(projection.table_names, generation)):
            conn.execute(statement)
        state.insert_building(conn, projection.name, generation, projection.version)
    return next(g for g in generations(conn, projection.name) if g.generation == generation)


def activate(conn: Connection[Any], projection: Projection, built: Generation) -> None:
    """Swap readers onto ``built`` in one transaction and drop what it replaces."""
    with conn.transaction():
        for statement in projection.index_statements(built.tables(projection)):
            conn.execute(statement)
        previous = [g for g in live_generations(conn, projection.name) if g.generation != built.generation]
        for logical in projection.table_names:
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
            for logical in projection.table_names:
                table = physical_name(logical, old.generation)
                if conn.execute("SELECT to_regclass(%s)", (table,)).fetchone() != (None,):
                    conn.execute(sql.SQL("LOCK TABLE {} IN ACCESS EXCLUSIVE MODE").format(sql.Identifier(table)))
        for old in previous:
            state.mark(conn, old.name, old.generation, "retired")
            drop_tables(conn, projection, old)
        state.mark(conn, built.name, built.generation, "active")


def retire(conn: Connection[Any], projection: Projection, gen: Generation) -> None:
    """Give up a generation that will never be swapped in (outdated or abandoned build)."""
    with conn.transaction():
        drop_tables(conn, projection, gen)
        state.mark(conn, gen.name, gen.generation, "retired")


def drop_tables(conn: Connection[Any], projection: Projection, gen: Generation) -> None:
    for logical in projection.table_names:
        conn.execute(sql.SQL("DROP TABLE IF EXISTS {}").format(sql.Identifier(physical_name(logical, gen.generation))))


def record_error(conn: Connection[Any], gen: Generation, error: str) -> None:
    state.record_projection_error(conn, gen.name, gen.generation, error)


def forget(conn: Connection[Any], projection: Projection) -> None:
    """Drop every generation's tables, the readers' views and the state rows (bench resets)."""
    with conn.transaction():
        for gen in generations(conn, projection.name):
            for logical in projection.table_names:
                conn.execute(sql.SQL("DROP VIEW IF EXISTS {}").format(sql.Identifier(logical)))
            drop_tables(conn, projection, gen)
        state.forget_projection(conn, projection.name)
