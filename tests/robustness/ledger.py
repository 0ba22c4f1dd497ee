"""Facts about a schema's log and lead projection, to compare runs against a clean rebuild."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg import sql

from baton.container import EVENTS_TABLE, Container
from projections.engine import catalog
from projections.engine.runner import ProjectionRunner
from projections.leads import LeadPipeline


@dataclass(frozen=True)
class ProjectionFacts:
    """What a lead pipeline holds: row counts, a digest of every row, and its bookkeeping."""

    leads: int
    notes: int
    digest: str
    position: int
    events_applied: int


def connect(database_url: str, schema: str) -> psycopg.Connection[Any]:
    return psycopg.connect(database_url, autocommit=True, options=f"-c search_path={schema}")


def log_size(conn: psycopg.Connection[Any]) -> tuple[int, int]:
    """(number of events, head position) of the log."""
    row = conn.execute(
        sql.SQL("SELECT count(*), coalesce(max(notification_id), 0) FROM {}").format(sql.Identifier(EVENTS_TABLE))
    ).fetchone()
    assert row is not None
    return int(row[0]), int(row[1])


def lead_events(conn: psycopg.Connection[Any]) -> int:
    """How many events in the log the lead pipeline handles."""
    row = conn.execute(
        sql.SQL("SELECT count(*) FROM {} WHERE topic LIKE 'baton.lead.%%'").format(sql.Identifier(EVENTS_TABLE))
    ).fetchone()
    assert row is not None
    return int(row[0])


def versions_in_log(conn: psycopg.Connection[Any]) -> dict[str, int]:
    """Each lead's latest version according to the log itself."""
    rows = conn.execute(
        sql.SQL("SELECT originator_id, max(originator_version) FROM {} GROUP BY originator_id").format(
            sql.Identifier(EVENTS_TABLE)
        )
    ).fetchall()
    return {str(r[0]): int(r[1]) for r in rows}


def projection_facts(conn: psycopg.Connection[Any], name: str = LeadPipeline.name) -> ProjectionFacts:
    """Counts and a digest of the active generation's rows (through the readers' views)."""
    leads, lead_digest = conn.execute(
        "SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t.id), '')) FROM lead_pipeline t"
    ).fetchone() or (0, "")
    notes, note_digest = conn.execute(
        "SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t.lead_id, t.version), '')) FROM lead_notes t"
    ).fetchone() or (0, "")
    state = conn.execute(
        "SELECT position, events_applied FROM projection_state WHERE name = %s AND status = 'active'", (name,)
    ).fetchone()
    assert state is not None, f"projection {name} has no active generation"
    return ProjectionFacts(
        leads=int(leads),
        notes=int(notes),
        digest=f"{lead_digest}:{note_digest}",
        position=int(state[0]),
        events_applied=int(state[1]),
    )


def wait_until_caught_up(conn: psycopg.Connection[Any], timeout: float = 60.0, name: str = LeadPipeline.name) -> int:
    """Wait until the active generation has applied the head of the log; return the head."""
    deadline = time.monotonic() + timeout
    _, head = log_size(conn)
    position: int | None = None
    while time.monotonic() < deadline:
        catalog.ensure_schema(conn)
        position = catalog.active_position(conn, name)
        building = [g for g in catalog.live_generations(conn, name) if g.status == "building"]
        if position is not None and position >= head and not building:
            return head
        time.sleep(0.05)
    raise AssertionError(f"projection {name} stuck at {position}, head {head} after {timeout:g}s")


def _holders(conn: psycopg.Connection[Any]) -> list[tuple[Any, ...]]:
    # Who holds advisory locks in this database: their application name, process and what they last ran.
    return conn.execute(
        "SELECT a.application_name, a.pid, a.state, left(a.query, 80), a.backend_start FROM pg_locks l"
        " JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.locktype = 'advisory' AND l.granted"
    ).fetchall()


def rebuild_from_scratch(container: Container) -> None:
    """Build a new generation from position 0 in this process and swap it in."""
    projection = container.projection(LeadPipeline.name)
    with container.source.connect() as conn:
        runner = ProjectionRunner(projection, container.source, batch_size=500)
        # A stopped server's sessions end a moment after its processes do: wait for the lock, within a bound.
        deadline = time.monotonic() + 30
        while not runner.try_lock(conn):
            assert time.monotonic() < deadline, f"a runner still owns the projection after 30 s: {_holders(conn)}"
            time.sleep(0.05)
        try:
            catalog.start_generation(conn, projection)
            runner.run_until_caught_up(conn)
        finally:
            runner.unlock(conn)


def assert_equals_clean_rebuild(container: Container, database_url: str, schema: str) -> ProjectionFacts:
    """The projection holds every event exactly once: same rows as a fresh rebuild, nothing applied twice."""
    with connect(database_url, schema) as conn:
        _, head = log_size(conn)
        events = lead_events(conn)
        followed = projection_facts(conn)
    assert followed.position == head, f"projection at {followed.position}, log head {head}"
    assert followed.events_applied == events, (
        f"{followed.events_applied} events applied for {events} in the log: some were applied twice or skipped"
    )
    rebuild_from_scratch(container)
    with connect(database_url, schema) as conn:
        rebuilt = projection_facts(conn)
    assert rebuilt.events_applied == events
    assert (followed.leads, followed.notes) == (rebuilt.leads, rebuilt.notes)
    assert followed.digest == rebuilt.digest, "rows differ from a clean rebuild"
    return followed
