"""Deadlines in PostgreSQL: schedule, reschedule, cancel and list them.

Scheduling is an upsert keyed by the deadline's derived id. The same due time
again changes nothing, even after the deadline fired or was cancelled, so a
process manager that re-processes an event (after a crash) schedules nothing
twice; a different due time re-arms it (a reschedule, or the next occurrence).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from psycopg import Connection
from psycopg.types.json import Jsonb
from psycopg_pool import ConnectionPool

from domain.clock import Clock
from processes.timers.deadline import SCHEDULED, Deadline, deadline_id

# Runners LISTEN here; scheduling and moving the clock NOTIFY it (payload: the schema).
WAKE_CHANNEL = "baton_deadlines"

DDL = """
CREATE TABLE IF NOT EXISTS deadlines (
    id uuid PRIMARY KEY,
    owner text NOT NULL,
    purpose text NOT NULL,
    subject text NOT NULL,
    due_at timestamptz NOT NULL,
    status text NOT NULL,
    attempts integer NOT NULL DEFAULT 0,
    data jsonb NOT NULL DEFAULT '{}',
    last_error text,
    retry_at timestamptz,
    fired_at timestamptz,
    scheduled_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS deadlines_due ON deadlines (due_at) WHERE status = 'scheduled';
"""

COLUMNS = "id, owner, purpose, subject, due_at, status, attempts, data, last_error, retry_at, fired_at"

_SCHEDULE = f"""
INSERT INTO deadlines AS d (id, owner, purpose, subject, due_at, status, data, scheduled_at)
VALUES (%s, %s, %s, %s, %s, 'scheduled', %s, %s)
ON CONFLICT (id) DO UPDATE SET
    due_at = excluded.due_at, data = excluded.data, status = 'scheduled', attempts = 0,
    last_error = NULL, retry_at = NULL, fired_at = NULL, scheduled_at = excluded.scheduled_at, updated_at = now()
WHERE d.due_at <> excluded.due_at
RETURNING {COLUMNS}
"""  # noqa: S608 - constant column list


def ensure_schema(conn: Connection[Any]) -> None:
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(hashtext('baton.deadlines.ddl'))")
        conn.execute(DDL)


def from_row(row: Sequence[Any]) -> Deadline:
    id_, owner, purpose, subject, due_at, status, attempts, data, last_error, retry_at, fired_at = row
    return Deadline(
        id=id_,
        owner=owner,
        purpose=purpose,
        subject=subject,
        due_at=due_at,
        status=status,
        attempts=attempts,
        data=dict(data or {}),
        last_error=last_error,
        retry_at=retry_at,
        fired_at=fired_at,
    )


def notify(conn: Connection[Any], schema: str) -> None:
    """Wake the deadline runners of ``schema`` (at commit)."""
    conn.execute("SELECT pg_notify(%s, %s)", (WAKE_CHANNEL, schema))


class Deadlines:
    """Schedule, reschedule and cancel deadlines; what a process manager uses."""

    def __init__(self, pool: ConnectionPool[Any], clock: Clock, schema: str) -> None:
        self.pool = pool
        self.clock = clock
        self.schema = schema

    def schedule(
        self, *, owner: str, purpose: str, subject: str, due_at: datetime, data: dict[str, Any] | None = None
    ) -> Deadline:
        """Have ``purpose``'s handler run at ``due_at``; scheduling it again for another time moves it."""
        if due_at.tzinfo is None:
            raise ValueError("A deadline's due time must be timezone-aware")
        id_ = deadline_id(owner, purpose, subject)
        params = (id_, owner, purpose, subject, due_at, Jsonb(data or {}), self.clock.now())
        with self.pool.connection() as conn, conn.transaction():
            row = conn.execute(_SCHEDULE, params).fetchone()
            if row is None:  # already scheduled for that time (or fired or cancelled at it): a repeat
                current = self._get(conn, id_)
                assert current is not None
                return current
            notify(conn, self.schema)
        return from_row(row)

    def cancel(self, *, owner: str, purpose: str, subject: str) -> bool:
        """Stop a scheduled deadline from firing; False when it was not scheduled."""
        with self.pool.connection() as conn:
            row = conn.execute(
                "UPDATE deadlines SET status = 'cancelled', updated_at = now() WHERE id = %s AND status = %s"
                " RETURNING id",
                (deadline_id(owner, purpose, subject), SCHEDULED),
            ).fetchone()
        return row is not None

    def get(self, id_: UUID) -> Deadline | None:
        with self.pool.connection() as conn:
            return self._get(conn, id_)

    def find(self, *, owner: str, purpose: str, subject: str) -> Deadline | None:
        return self.get(deadline_id(owner, purpose, subject))

    def listing(self, status: str | None = None, limit: int = 100) -> list[Deadline]:
        """Deadlines by due time, optionally only those in ``status``."""
        with self.pool.connection() as conn:
            rows = conn.execute(
                f"SELECT {COLUMNS} FROM deadlines WHERE %(status)s::text IS NULL OR status = %(status)s"  # noqa: S608
                " ORDER BY due_at, id LIMIT %(limit)s",
                {"status": status, "limit": limit},
            ).fetchall()
        return [from_row(r) for r in rows]

    @staticmethod
    def _get(conn: Connection[Any], id_: UUID) -> Deadline | None:
        row = conn.execute(f"SELECT {COLUMNS} FROM deadlines WHERE id = %s", (id_,)).fetchone()  # noqa: S608
        return from_row(row) if row else None
