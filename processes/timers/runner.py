"""Fires due deadlines, each exactly once, whichever process gets to it first.

Any number of runners (one per `baton serve` / `baton worker`, and `baton timers
run-due`) may work on one deployment. A runner fires a deadline only while it
holds that deadline's advisory lock (a session lock on its own connection), and
re-reads the deadline after taking the lock, so two runners never fire the same
occurrence, and one fired and recorded is never fired again. The attempt is
counted before the handler runs and the deadline marked fired after it returns;
if the process dies in between, its session ends, the lock is released and
another runner fires it once more. Handlers are idempotent for that reason.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

import psycopg
from psycopg import Connection

from domain.clock import Clock
from domain.context import Actor, CommandContext
from processes.timers.deadline import Deadline, TimerHandlers
from processes.timers.store import COLUMNS, WAKE_CHANNEL, from_row

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 10  # then the deadline is 'failed' and waits for an operator
TIMER_ACTOR = Actor.system("timer")

_DUE = """
SELECT id FROM deadlines
WHERE status = 'scheduled' AND purpose = ANY(%(purposes)s) AND due_at <= %(now)s
  AND (retry_at IS NULL OR retry_at <= %(now)s)
ORDER BY due_at, id LIMIT %(limit)s
"""
_STILL_DUE = f"""
SELECT {COLUMNS} FROM deadlines
WHERE id = %(id)s AND status = 'scheduled' AND due_at <= %(now)s AND (retry_at IS NULL OR retry_at <= %(now)s)
"""  # noqa: S608 - constant column list
_NEXT = """
SELECT min(greatest(due_at, coalesce(retry_at, due_at))) FROM deadlines
WHERE status = 'scheduled' AND purpose = ANY(%s)
"""


@dataclass(frozen=True)
class Firing:
    """One deadline this runner fired, and how its handler did."""

    deadline: Deadline
    outcome: str  # "fired", or "failed: <error>"


class DeadlineRunner:
    """Fires the deadlines whose purposes ``handlers`` knows, on ``clock``'s time."""

    def __init__(
        self,
        connect: Callable[[], Connection[Any]],
        schema: str,
        handlers: TimerHandlers,
        clock: Clock,
        *,
        poll_interval: float = 10.0,
        retry_after: timedelta = timedelta(seconds=10),
    ) -> None:
        self.connect = connect
        self.handlers = handlers
        self.clock = clock
        self.poll_interval = poll_interval
        self.retry_after = retry_after
        self._lock_space = f"baton.deadline.{schema}"

    # -- one pass ----------------------------------------------------------------

    def run_due(self, now: datetime | None = None) -> list[Firing]:
        """Fire everything due at ``now`` (the clock's time by default) once, on a connection of its own."""
        with self.connect() as conn:
            return self.fire_due(conn, now or self.clock.now())

    def fire_due(self, conn: Connection[Any], now: datetime, limit: int = 1000) -> list[Firing]:
        """Fire the deadlines due at ``now`` that no other runner is firing; one pass, each at most once."""
        params = {"purposes": self.handlers.purposes, "now": now, "limit": limit}
        due = [r[0] for r in conn.execute(_DUE, params).fetchall()]
        firings = []
        for id_ in due:
            if not self._try_lock(conn, id_):
                continue  # another runner is firing it
            try:
                row = conn.execute(_STILL_DUE, {"id": id_, "now": now}).fetchone()
                if row is not None:  # not fired, moved or cancelled since the list was read
                    firings.append(self._fire(conn, from_row(row)))
            finally:
                self._unlock(conn, id_)
        return firings

    def _fire(self, conn: Connection[Any], deadline: Deadline) -> Firing:
        where = (deadline.id, deadline.due_at)
        # Counted before the handler runs, so a crash mid-fire still shows as an attempt.
        conn.execute(
            "UPDATE deadlines SET attempts = attempts + 1, updated_at = now() WHERE id = %s AND due_at = %s", where
        )
        attempts = deadline.attempts + 1
        ctx = CommandContext(
            actor=TIMER_ACTOR, now=self.clock.now(), correlation_id=deadline.key, causation_id=str(deadline.id)
        )
        try:
            self.handlers[deadline.purpose](deadline, ctx)
        except Exception as exc:  # recorded on the deadline and retried later; other deadlines go on
            log.exception("deadline %s (%s %s) failed", deadline.id, deadline.purpose, deadline.subject)
            error = f"{type(exc).__name__}: {exc}"[:2000]
            retry_at = ctx.now + min(self.retry_after * 2 ** (attempts - 1), timedelta(hours=1))
            conn.execute(
                "UPDATE deadlines SET last_error = %s, retry_at = %s, updated_at = now(),"
                " status = CASE WHEN attempts >= %s THEN 'failed' ELSE status END"
                " WHERE id = %s AND due_at = %s AND status = 'scheduled'",
                (error, retry_at, MAX_ATTEMPTS, *where),
            )
            return Firing(deadline, f"failed: {error}")
        # Guarded by the due time: a handler (or anyone) that moved the deadline meanwhile keeps it scheduled.
        conn.execute(
            "UPDATE deadlines SET status = 'fired', fired_at = %s, last_error = NULL, retry_at = NULL,"
            " updated_at = now() WHERE id = %s AND due_at = %s AND status = 'scheduled'",
            (ctx.now, *where),
        )
        return Firing(deadline, "fired")

    def _try_lock(self, conn: Connection[Any], id_: UUID) -> bool:
        row = conn.execute("SELECT pg_try_advisory_lock(hashtext(%s), hashtext(%s))", (self._lock_space, str(id_)))
        got = row.fetchone()
        return bool(got and got[0])

    def _unlock(self, conn: Connection[Any], id_: UUID) -> None:
        conn.execute("SELECT pg_advisory_unlock(hashtext(%s), hashtext(%s))", (self._lock_space, str(id_)))

    # -- following ---------------------------------------------------------------

    def run(self, stop: threading.Event) -> None:
        """Fire deadlines as they fall due until ``stop``, reconnecting with backoff."""
        backoff = 0.5
        while not stop.is_set():
            try:
                with self.connect() as conn:
                    conn.execute(f"LISTEN {WAKE_CHANNEL}")
                    backoff = 0.5
                    self._follow(conn, stop)
            except (psycopg.OperationalError, psycopg.InterfaceError) as exc:
                log.warning("deadline runner: %s; reconnecting in %.1fs", exc, backoff)
                stop.wait(backoff)
                backoff = min(backoff * 2, 10.0)

    def _follow(self, conn: Connection[Any], stop: threading.Event) -> None:
        while not stop.is_set():
            try:
                if self.fire_due(conn, self.clock.now()):
                    continue
                wait = self._until_next(conn)
            except (psycopg.OperationalError, psycopg.InterfaceError):
                raise
            except Exception:  # a bug or a bad row: keep the runner alive, look again later
                log.exception("deadline runner failed")
                wait = self.poll_interval
            self._idle(conn, wait, stop)

    def _until_next(self, conn: Connection[Any]) -> float:
        row = conn.execute(_NEXT, (self.handlers.purposes,)).fetchone()
        if not row or row[0] is None:
            return self.poll_interval
        # Due already means another runner holds it: look again soon, not at once.
        seconds = float((row[0] - self.clock.now()).total_seconds())
        return min(max(seconds, 0.2), self.poll_interval)

    def _idle(self, conn: Connection[Any], wait: float, stop: threading.Event) -> None:
        """Wait up to ``wait`` seconds for a NOTIFY, in short slices so ``stop`` is seen quickly."""
        end = time.monotonic() + wait
        while not stop.is_set():
            left = end - time.monotonic()
            if left <= 0:
                return
            for _ in conn.notifies(timeout=min(left, 1.0), stop_after=1):
                return
