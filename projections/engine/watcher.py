"""One listener per process that wakes only the followers a new event concerns.

Without it every follower (each view, each process manager) listens on its own
connection and runs a step on every notification: with thirty of them, one
command cost thirty steps of queries and commits in the worker process. The
watcher listens once, reads the topics of the new events (one index range scan
of two columns) and wakes at once the followers that handle one of them. The
others only need to move their position past the new events: they do it when
they look on their own, every ``projection_idle_wait`` seconds (one step
however many events went by), so an unconcerned view's tracked position trails
the head by at most that long. Each follower still owns its lock, position and
batches: the watcher only decides when it looks.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Collection
from typing import Any

import psycopg
from psycopg import sql

from projections.engine.follower import LogSource

log = logging.getLogger(__name__)

# More new events than this in one look: wake everyone rather than read them all.
_MOST_TOPICS_READ = 5000


class Wake:
    """A follower's subscription: set when the log has something for it."""

    def __init__(self, topics: Collection[str]) -> None:
        self.topics = frozenset(topics)
        self.event = threading.Event()

    def wait(self, timeout: float) -> None:
        self.event.wait(timeout)

    def clear(self) -> None:
        self.event.clear()

    def set(self) -> None:
        self.event.set()


class LogWatcher:
    """Listens for new events once for the whole process and wakes the followers they concern."""

    def __init__(self, source: LogSource, *, idle_wait: float = 1.0) -> None:
        self.source = source
        self.idle_wait = idle_wait
        self._wakes: list[Wake] = []
        self._lock = threading.Lock()
        table = sql.SQL("{}.{}").format(sql.Identifier(source.schema), sql.Identifier(source.events_table))
        self._new = (
            sql.SQL(
                "SELECT notification_id, topic FROM {} WHERE notification_id > %s ORDER BY notification_id LIMIT %s"
            )
            .format(table)
            .as_bytes()
        )
        self._head = sql.SQL("SELECT coalesce(max(notification_id), 0) FROM {}").format(table).as_bytes()

    def subscribe(self, topics: Collection[str]) -> Wake:
        wake = Wake(topics)
        with self._lock:
            self._wakes.append(wake)
        return wake

    def _wake_all(self) -> None:
        with self._lock:
            for wake in self._wakes:
                wake.set()

    def run(self, stop: threading.Event) -> None:
        """Watch until ``stop``; while the database is away, wake everyone so they retry on their own."""
        backoff = 0.5
        while not stop.is_set():
            try:
                with self.source.connect() as conn:
                    conn.execute(sql.SQL("LISTEN {}").format(sql.Identifier(self.source.events_table)))
                    row = conn.execute(self._head).fetchone()
                    backoff = 0.5
                    self._watch(conn, stop, int(row[0]) if row else 0)
            except (psycopg.OperationalError, psycopg.InterfaceError, psycopg.errors.UndefinedTable) as exc:
                log.warning("log watcher: %s; reconnecting in %.1fs", exc, backoff)
                self._wake_all()
                stop.wait(backoff)
                backoff = min(backoff * 2, 10.0)

    def _watch(self, conn: psycopg.Connection[Any], stop: threading.Event, seen: int) -> None:
        self._wake_all()  # whatever happened while nobody listened
        while not stop.is_set():
            for _ in conn.notifies(timeout=self.idle_wait, stop_after=1):
                pass
            rows = conn.execute(self._new, (seen, _MOST_TOPICS_READ)).fetchall()
            if not rows:
                continue
            seen = int(rows[-1][0])
            if len(rows) >= _MOST_TOPICS_READ:
                self._wake_all()
                continue
            topics = {topic for _, topic in rows}
            with self._lock:
                for wake in self._wakes:
                    if wake.topics & topics:
                        wake.set()
