"""A process manager: a tracked follower of the log whose output is commands.

Its position lives in PostgreSQL (``process_state``), like a projection's. Its
commands use ids derived from the causing event, so handling an event twice
(after a crash between the command and the position update) has no extra effect.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any, ClassVar

from eventsourcing.utils import get_topic
from psycopg import Connection

from projections.follower import LogFollower, LogReader, LogSource

log = logging.getLogger(__name__)

STATE_DDL = """
CREATE TABLE IF NOT EXISTS process_state (
    name text PRIMARY KEY,
    position bigint NOT NULL DEFAULT 0,
    events_handled bigint NOT NULL DEFAULT 0,
    last_error text,
    updated_at timestamptz NOT NULL DEFAULT now()
);
"""

Reaction = Callable[[Any, Any], None]


def reacts_to(*event_classes: type[Any]) -> Callable[[Reaction], Reaction]:
    """Mark a process manager method as its reaction to ``event_classes``."""

    def mark(func: Reaction) -> Reaction:
        func.__dict__["_reacts_to"] = tuple(event_classes)
        return func

    return mark


class ProcessManager:
    """Base class: subclasses set ``name`` and mark reactions with ``@reacts_to``."""

    name: ClassVar[str]

    def __init__(self) -> None:
        self._reactions: dict[str, Reaction] = {}
        for attr in dir(type(self)):
            func = getattr(type(self), attr)
            for event_class in getattr(func, "_reacts_to", ()):
                self._reactions[get_topic(event_class)] = func

    @property
    def topics(self) -> list[str]:
        return sorted(self._reactions)

    def react(self, event: Any, topic: str) -> None:
        self._reactions[topic](self, event)


def ensure_schema(conn: Connection[Any]) -> None:
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(hashtext('baton.process_state.ddl'))")
        conn.execute(STATE_DDL)


def position(conn: Connection[Any], name: str) -> int:
    row = conn.execute("SELECT position FROM process_state WHERE name = %s", (name,)).fetchone()
    return int(row[0]) if row else 0


class ProcessRunner:
    """Feeds one process manager the events it reacts to, in log order."""

    def __init__(self, manager: ProcessManager, source: LogSource, *, batch_size: int = 200, idle_wait: float = 1.0):
        self.manager = manager
        self.source = source
        self.batch_size = batch_size
        self.idle_wait = idle_wait
        self._log = LogReader(source)
        self._follower = LogFollower(
            source,
            label=f"process {manager.name}",
            lock_keys=("baton.process", f"{source.schema}.{manager.name}"),
            step=self.step,
            prepare=ensure_schema,
            record_error=self._record_error,
            idle_wait=idle_wait,
        )

    def run(self, stop: threading.Event) -> None:
        """Own the process manager whenever possible and follow the log until ``stop``."""
        self._follower.run(stop)

    def _record_error(self, conn: Connection[Any], exc: Exception) -> None:
        # The position stays where it is: the same event is reacted to again later.
        conn.execute(
            "UPDATE process_state SET last_error = %s, updated_at = now() WHERE name = %s",
            (f"{type(exc).__name__}: {exc}"[:4000], self.manager.name),
        )

    def step(self, conn: Connection[Any]) -> int:
        """React to the next batch of events; the position advances after each one."""
        conn.execute("INSERT INTO process_state (name) VALUES (%s) ON CONFLICT (name) DO NOTHING", (self.manager.name,))
        start = position(conn, self.manager.name)
        head = self._log.head(conn)
        rows = self._log.read_topics(conn, start, head, self.manager.topics, self.batch_size)
        for row in rows:
            self.manager.react(self._log.decode(row), row[3])
            conn.execute(
                "UPDATE process_state SET position = %s, events_handled = events_handled + 1, last_error = NULL,"
                " updated_at = now() WHERE name = %s",
                (row[0], self.manager.name),
            )
        if len(rows) < self.batch_size and head > start:
            # Nothing else up to the head concerns us: skip past it so the next poll scans only new events.
            conn.execute(
                "UPDATE process_state SET position = %s, updated_at = now() WHERE name = %s AND position < %s",
                (head, self.manager.name, head),
            )
        return len(rows)

    def run_until_caught_up(self, conn: Connection[Any]) -> None:
        """React to everything in the log now (tests and one-off runs)."""
        ensure_schema(conn)
        while self.step(conn):
            pass
