"""A deadline store and runners on the test's schema, a clock the test sets, and a handler that records."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

import psycopg
from psycopg_pool import ConnectionPool

from domain.context import CommandContext
from processes.timers import Deadline, DeadlineRunner, Deadlines, TimerHandlers, ensure_schema
from tests.builders import T0

PURPOSE = "test.remind"


class SetClock:
    """A clock that says what the test last set."""

    def __init__(self, at: datetime = T0) -> None:
        self.at = at

    def now(self) -> datetime:
        return self.at

    def advance(self, **delta: float) -> datetime:
        self.at += timedelta(**delta)
        return self.at


@dataclass
class Recorder:
    """A handler that remembers each firing: which deadline, at which due time, with which context."""

    calls: list[tuple[UUID, datetime, CommandContext]] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __call__(self, deadline: Deadline, ctx: CommandContext) -> None:
        with self._lock:
            self.calls.append((deadline.id, deadline.due_at, ctx))

    def counts(self) -> Counter[UUID]:
        with self._lock:
            return Counter(c[0] for c in self.calls)


@dataclass
class Rig:
    """Everything a deadline test touches."""

    connect: Callable[[], psycopg.Connection[Any]]
    schema: str
    pool: ConnectionPool[Any]
    clock: SetClock
    deadlines: Deadlines

    def runner(self, handler: Callable[[Deadline, CommandContext], None], **options: Any) -> DeadlineRunner:
        handlers = TimerHandlers()
        handlers.register(PURPOSE, handler)
        return DeadlineRunner(self.connect, self.schema, handlers, self.clock, **options)

    def schedule(self, subject: str, due_at: datetime, **data: Any) -> Deadline:
        return self.deadlines.schedule(owner="tests", purpose=PURPOSE, subject=subject, due_at=due_at, data=data)

    def row(self, deadline_id: UUID) -> Deadline:
        found = self.deadlines.get(deadline_id)
        assert found is not None
        return found


@contextmanager
def deadline_rig(database_url: str, schema: str) -> Iterator[Rig]:
    def connect() -> psycopg.Connection[Any]:
        return psycopg.connect(database_url, autocommit=True, options=f"-c search_path={schema}")

    with connect() as conn:
        ensure_schema(conn)
    pool: ConnectionPool[Any] = ConnectionPool(
        database_url,
        min_size=1,
        max_size=4,
        kwargs={"autocommit": True, "options": f"-c search_path={schema}"},
        open=True,
    )
    clock = SetClock()
    try:
        yield Rig(connect, schema, pool, clock, Deadlines(pool, clock, schema))
    finally:
        pool.close()
