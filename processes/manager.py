"""A process manager: a tracked follower of the log whose output is commands.

Its position lives in PostgreSQL (``process_state``) and moves like a
projection's: once per batch, guarded by the position the batch started from
(``projections.engine.state``). A reaction that fails keeps the position just
before its event, so that event is the first one retried.

The commands of a batch and the new position are *not* committed in one
transaction, and cannot be here. The library commits them together only when a
follower's output is new events of its own: ``EventSourcedProjection.process_event``
(and ``ProcessApplication``, through it) runs ``policy(event, processing_event)``,
and ``Application._record`` passes the collected events *and* the event's
``Tracking`` to ``PostgresProcessRecorder._insert_events``, which inserts both in
one transaction into the follower's own events and tracking tables (a repeated
tracking record is refused there, so a re-run is atomic). Baton's process
managers instead run commands on ``BatonApplication``, the one log of the whole
core: each command loads its aggregates, checks the rules and commits through
the application's own pooled connection and transaction (retrying on a
conflict), while ``process_state`` is written on the follower's connection that
holds its advisory lock; some reactions also reach outside PostgreSQL (a broker
message, a deadline). So after a crash between a batch's commands and its
position, the batch is reacted to again.

Hence the derived-id rule, which every process manager follows: each command a
reaction issues names its target by an id derived from the causing event (a
uuid5 of the event's originator id and version, as ``email_id_for`` does), and
is a no-op when that target already exists in that state (``EmailCommands.queue``
returns None for an email already queued). Effects outside the log are keyed by
the same id and idempotent too. Reacting to an event twice then changes
nothing the first time did not.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar, Self

import psycopg
from eventsourcing.utils import get_topic
from psycopg import Connection

from projections.engine import state
from projections.engine.follower import LogFollower, LogReader, LogSource
from projections.engine.runner import LostOwnership
from projections.engine.watcher import LogWatcher

if TYPE_CHECKING:
    from processes.kit import ProcessKit
    from processes.timers import Handler

log = logging.getLogger(__name__)

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

    @classmethod
    def build(cls, kit: ProcessKit) -> Self:
        """This manager, built from the kit: every manager in processes/registry.py implements it."""
        raise NotImplementedError(f"{cls.__name__} must implement build(kit) to be registered")

    def timers(self) -> Mapping[str, Handler]:
        """The deadline purposes this manager schedules, each with the handler that fires it."""
        return {}


ensure_schema = state.ensure_process_state
position = state.process_position


class ProcessRunner:
    """Feeds one process manager the events it reacts to, in log order."""

    def __init__(
        self,
        manager: ProcessManager,
        source: LogSource,
        *,
        batch_size: int = 200,
        idle_wait: float = 1.0,
        watcher: LogWatcher | None = None,
    ):
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
            reconnect_on=(LostOwnership,),
            wake=watcher.subscribe(manager.topics) if watcher is not None else None,
        )

    def run(self, stop: threading.Event) -> None:
        """Own the process manager whenever possible and follow the log until ``stop``."""
        self._follower.run(stop)

    def _record_error(self, conn: Connection[Any], exc: Exception) -> None:
        state.record_process_error(conn, self.manager.name, f"{type(exc).__name__}: {exc}")

    def step(self, conn: Connection[Any]) -> int:
        """React to the next batch of events, then move the position once, past the whole batch."""
        name = self.manager.name
        state.register_process(conn, name)
        start = state.process_position(conn, name)
        head = self._log.head(conn)
        rows = self._log.read_topics(conn, start, head, self.manager.topics, self.batch_size)
        # A short batch holds everything up to the head that concerns us: move past the head, so
        # the next poll scans only new events.
        last = rows[-1][0] if len(rows) == self.batch_size else max(head, start)
        handled = 0
        try:
            for row in rows:
                self.manager.react(self._log.decode(row), row[3])
                handled += 1
        except Exception:
            if handled:
                # Keep what was done: the failing event is the first one reacted to again.
                with contextlib.suppress(psycopg.Error, LostOwnership):
                    self._advance(conn, start, rows[handled - 1][0], handled)
            raise
        if last > start:
            self._advance(conn, start, last, handled)
        return len(rows)

    def _advance(self, conn: Connection[Any], start: int, last: int, handled: int) -> None:
        if not state.advance_process(conn, self.manager.name, start, last, handled):
            raise LostOwnership(f"process {self.manager.name} moved from position {start} under us")

    def run_until_caught_up(self, conn: Connection[Any]) -> None:
        """React to everything in the log now (tests and one-off runs)."""
        ensure_schema(conn)
        while self.step(conn):
            pass
