"""The clocks Baton runs on: the system's, or one an admin can move forward (tests and demos).

A movable clock is the system clock plus an offset stored in PostgreSQL, so every
process of one deployment (serve, workers, the CLI) sees the same moved time. It
is refused when ``BATON_ENVIRONMENT=production``.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import psycopg
from psycopg import Connection

from baton.settings import Settings, StartupRefused
from domain.clock import Clock
from processes.timers import store as deadline_store

log = logging.getLogger(__name__)

DDL = """
CREATE TABLE IF NOT EXISTS clock_offset (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    offset_us bigint NOT NULL DEFAULT 0,
    moved_at timestamptz
);
INSERT INTO clock_offset (singleton) VALUES (true) ON CONFLICT DO NOTHING;
"""

RETRY_CONNECT_AFTER = 1.0  # seconds a failed database read is not retried (the last offset is used)


class SystemClock:
    """The machine's time, in UTC."""

    def now(self) -> datetime:
        return datetime.now(UTC)


class MovableClock:
    """The system clock plus an offset every process of the deployment shares; it only moves forward."""

    def __init__(self, connect: Callable[[], Connection[Any]], schema: str, base: Clock | None = None) -> None:
        self._connect = connect
        self._schema = schema
        self._base = base or SystemClock()
        self._conn: Connection[Any] | None = None
        self._lock = threading.Lock()
        self._offset = timedelta(0)
        self._failed_at = 0.0

    def now(self) -> datetime:
        return self._base.now() + self.offset()

    def offset(self) -> timedelta:
        """How far this deployment's clock is ahead of the system clock (read on every call)."""
        with self._lock:
            if time.monotonic() - self._failed_at < RETRY_CONNECT_AFTER:
                return self._offset
            try:
                row = self._connection().execute("SELECT offset_us FROM clock_offset").fetchone()
            except psycopg.Error as exc:  # keep time going on the last known offset
                self._drop(exc)
                return self._offset
            self._offset = timedelta(microseconds=int(row[0])) if row else timedelta(0)
            return self._offset

    def advance(self, by: timedelta) -> datetime:
        """Move the clock forward by ``by`` for every process of the deployment; returns the new now."""
        if by < timedelta(0):
            raise ValueError("The clock only moves forward: deadlines already fired cannot be taken back.")
        try:
            self._base.now() + self._offset + by + timedelta(days=3653)
        except OverflowError:
            raise ValueError("The clock cannot move that far: it would pass the year 9999.") from None
        with self._lock:
            conn = self._connection()
            with conn.transaction():
                row = conn.execute(
                    "UPDATE clock_offset SET offset_us = offset_us + %s, moved_at = now() RETURNING offset_us",
                    (by // timedelta(microseconds=1),),
                ).fetchone()
                # Deadline runners sleep until the next due time on the old clock: wake them.
                deadline_store.notify(conn, self._schema)
            self._offset = timedelta(microseconds=int(row[0])) if row else self._offset
        return self._base.now() + self._offset

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    def _connection(self) -> Connection[Any]:
        if self._conn is None or self._conn.closed:
            self._conn = self._connect()
        return self._conn

    def _drop(self, exc: Exception) -> None:
        log.warning("movable clock: cannot read its offset (%s); using the last one", exc)
        self._failed_at = time.monotonic()
        if self._conn is not None:
            self._conn.close()
            self._conn = None


def refuse_unsafe(settings: Settings) -> None:
    """Refuse, before anything starts, a movable clock on a production server."""
    if settings.movable_clock and settings.environment == "production":
        raise StartupRefused(
            "BATON_MOVABLE_CLOCK=true is refused because BATON_ENVIRONMENT=production: a movable clock lets "
            "an admin move time for every user (deadlines fire early, sessions and invitation links expire). "
            "Unset BATON_MOVABLE_CLOCK, or run a development or test deployment."
        )


def ensure_schema(conn: Connection[Any]) -> None:
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(hashtext('baton.clock.ddl'))")
        conn.execute(DDL)


def clock_for(settings: Settings, connect: Callable[[], Connection[Any]]) -> SystemClock | MovableClock:
    """The clock ``settings`` ask for; ``connect`` opens a connection to the deployment's schema."""
    refuse_unsafe(settings)
    if not settings.movable_clock:
        return SystemClock()
    with connect() as conn:
        ensure_schema(conn)
    return MovableClock(connect, settings.database_schema)
