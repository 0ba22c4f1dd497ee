"""Following the event log: what projection runners and process runners share.

A follower owns a named PostgreSQL advisory lock (so one process at a time does
the work), listens for new events, and calls a ``step`` until told to stop.
Lost connections reconnect with backoff; a failing step is recorded and retried
later with its own backoff. ``LogReader`` reads and decodes the log itself.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import psycopg
from eventsourcing.persistence import Mapper, StoredEvent
from psycopg import Connection, sql

from projections.engine import state

if TYPE_CHECKING:
    from projections.engine.watcher import Wake

log = logging.getLogger(__name__)

# notification_id, originator_id, originator_version, topic, state
LogRow = tuple[int, Any, int, str, bytes]


@dataclass(frozen=True)
class LogSource:
    """Where the event log lives and how to decode it."""

    conninfo: str
    schema: str
    events_table: str
    mapper: Mapper[Any]

    def connect(self) -> Connection[Any]:
        """A follower's connection. Its log reads (a range of notification ids, some topics, in order) must
        walk the notification index whatever the table's statistics say: without them (a bulk load before
        autovacuum's ANALYZE) the planner guessed a bitmap scan and sort of the whole rest of the log for
        every batch. With sequential and bitmap scans off, the ordered index scan is the only plan left;
        the other statements of a follower are keyed lookups, which use their indexes either way. JIT is off:
        a statement that can only scan (a process manager's read of a small table) is costed at 10^10 with
        sequential scans off, which set off a JIT compilation of about 10 ms for a query of 0.05 ms."""
        options = f"-c search_path={self.schema} -c enable_seqscan=off -c enable_bitmapscan=off -c jit=off"
        conn = psycopg.connect(self.conninfo, autocommit=True, options=options, connect_timeout=5)
        return conn


class LogReader:
    """Reads notifications after a position, optionally only some topics, and decodes them."""

    def __init__(self, source: LogSource) -> None:
        self.source = source
        table = sql.SQL("{}.{}").format(sql.Identifier(source.schema), sql.Identifier(source.events_table))
        columns = "SELECT notification_id, originator_id, originator_version, topic, state FROM "
        # Rendered to plain strings once, so each read reuses psycopg's prepared query.
        self._all = (
            sql.SQL(columns + "{} WHERE notification_id > %s ORDER BY notification_id LIMIT %s")
            .format(table)
            .as_bytes()
        )
        self._topics = (
            sql.SQL(
                columns + "{} WHERE notification_id > %s AND notification_id <= %s AND topic = ANY(%s)"
                " ORDER BY notification_id LIMIT %s"
            )
            .format(table)
            .as_bytes()
        )
        self._head = state.head_query(source.schema, source.events_table)

    def head(self, conn: Connection[Any]) -> int:
        """The position of the newest event in the log (0 when empty)."""
        row = conn.execute(self._head).fetchone()
        return int(row[0]) if row else 0

    def read(self, conn: Connection[Any], after: int, limit: int) -> list[LogRow]:
        """Up to ``limit`` notifications after ``after``, in log order."""
        return conn.execute(self._all, (after, limit)).fetchall()

    def read_topics(
        self, conn: Connection[Any], after: int, upto: int, topics: Collection[str], limit: int
    ) -> list[LogRow]:
        """Up to ``limit`` notifications in (after, upto] whose topic is one of ``topics``."""
        return conn.execute(self._topics, (after, upto, list(topics), limit)).fetchall()

    def decode(self, row: LogRow) -> Any:
        _, originator_id, version, topic, state = row
        stored = StoredEvent(originator_id=originator_id, originator_version=version, topic=topic, state=bytes(state))
        return self.source.mapper.to_domain_event(stored)


class LogFollower:
    """Own ``lock_keys`` whenever possible and call ``step`` as the log grows, until stopped.

    ``prepare`` runs on each new connection before the lock is tried; ``step``
    returns how many events it handled (0 means: wait for a notification);
    ``record_error`` keeps a failing step's error where operators see it.
    Exceptions in ``reconnect_on`` drop the connection (and the lock) and start over.
    """

    def __init__(
        self,
        source: LogSource,
        *,
        label: str,
        lock_keys: tuple[str, str],
        step: Callable[[Connection[Any]], int],
        prepare: Callable[[Connection[Any]], None],
        record_error: Callable[[Connection[Any], Exception], None],
        idle_wait: float = 1.0,
        reconnect_on: Sequence[type[Exception]] = (),
        wake: Wake | None = None,
    ) -> None:
        self.source = source
        # From the process's LogWatcher: woken only when the log concerns this follower (else it listens itself).
        self.wake = wake
        self.label = label
        self.lock_keys = lock_keys
        self.step = step
        self.prepare = prepare
        self.record_error = record_error
        self.idle_wait = idle_wait
        self.reconnect_on: tuple[type[Exception], ...] = (
            psycopg.OperationalError,
            psycopg.InterfaceError,
            *reconnect_on,
        )

    def try_lock(self, conn: Connection[Any]) -> bool:
        row = conn.execute("SELECT pg_try_advisory_lock(hashtext(%s), hashtext(%s))", self.lock_keys).fetchone()
        return bool(row and row[0])

    def unlock(self, conn: Connection[Any]) -> None:
        conn.execute("SELECT pg_advisory_unlock(hashtext(%s), hashtext(%s))", self.lock_keys)

    def run(self, stop: threading.Event) -> None:
        """Follow the log until ``stop``, reconnecting with backoff when the database goes away."""
        backoff = 0.5
        while not stop.is_set():
            try:
                with self.source.connect() as conn:
                    self.prepare(conn)
                    if not self.try_lock(conn):
                        stop.wait(self.idle_wait)
                        continue
                    if self.wake is None:
                        conn.execute(sql.SQL("LISTEN {}").format(sql.Identifier(self.source.events_table)))
                    backoff = 0.5
                    self._follow(conn, stop)
            except self.reconnect_on as exc:
                log.warning("%s: %s; reconnecting in %.1fs", self.label, exc, backoff)
                stop.wait(backoff)
                backoff = min(backoff * 2, 10.0)

    def _follow(self, conn: Connection[Any], stop: threading.Event) -> None:
        error_backoff = 0.5
        while not stop.is_set():
            if self.wake is not None:
                self.wake.clear()  # before the step: what arrives during it wakes the next one
            try:
                handled = self.step(conn)
            except self.reconnect_on:
                raise
            except Exception as exc:  # the step failed: record it, retry the same events later
                log.exception("%s failed", self.label)
                self.record_error(conn, exc)
                stop.wait(error_backoff)
                error_backoff = min(error_backoff * 2, 30.0)
                continue
            error_backoff = 0.5
            if handled == 0:
                if self.wake is not None:
                    self.wake.wait(self.idle_wait)
                    continue
                for _ in conn.notifies(timeout=self.idle_wait, stop_after=1):
                    pass
