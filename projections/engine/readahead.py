"""Reading the log ahead: batch N+1 is read and decoded while batch N's writes commit.

A runner catching up (a generation being built, or a view far behind) used to
read a batch, decode it, fold it, write it and wait for the commit, then start
the next read: the database and the process took turns. ``ReadAhead`` reads and
decodes the next batch on a thread and connection of its own while the runner
writes the current one. It is used only when a batch came back full (there is
more to read); a runner following the head reads on its own connection as before.
"""

from __future__ import annotations

import contextlib
from collections.abc import Collection
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, NamedTuple

import psycopg
from psycopg import Connection

from projections.engine.follower import LogReader, LogRow, LogSource
from projections.engine.projection import LogEvent


class Batch(NamedTuple):
    """Events of one batch in log order, how many rows were read, and the position it ends at."""

    rows: int
    events: list[LogEvent]
    last: int


def read_batch(
    reader: LogReader, conn: Connection[Any], topics: Collection[str], after: int, head: int, size: int
) -> Batch:
    """Up to ``size`` events of ``topics`` in (after, head], decoded; ``last`` is head when the batch is short."""
    rows: list[LogRow] = reader.read_topics(conn, after, head, topics, size)
    last = rows[-1][0] if len(rows) == size else head
    decode = reader.decode
    return Batch(len(rows), [(row[0], row[3], decode(row)) for row in rows], last)


class ReadAhead:
    """One batch read ahead on a thread of its own, keyed by (generation, position it starts after)."""

    def __init__(self, source: LogSource, topics: Collection[str], name: str) -> None:
        self.source = source
        self.topics = list(topics)
        self.name = name
        self._reader = LogReader(source)
        self._executor: ThreadPoolExecutor | None = None
        self._conn: Connection[Any] | None = None
        # Per generation (an active one and one being built are fed in turns): where it starts, and the read.
        self._ahead: dict[int, tuple[int, Future[Batch]]] = {}

    def start(self, generation: int, after: int, head: int, size: int) -> None:
        """Begin reading the batch after ``after`` (for ``generation``) in the background."""
        if self._executor is None:
            self._executor = ThreadPoolExecutor(1, thread_name_prefix=f"read-ahead-{self.name}")
        future = self._executor.submit(self._read, after, head, size)
        previous = self._ahead.pop(generation, None)
        if previous is not None:
            _drop(previous[1])
        self._ahead[generation] = (after, future)

    def take(self, generation: int, after: int) -> Batch | None:
        """The batch read ahead for this generation from ``after``, or None (one from elsewhere is dropped)."""
        ahead = self._ahead.pop(generation, None)
        if ahead is None:
            return None
        start, future = ahead
        if start != after:
            _drop(future)
            return None
        return future.result()  # a failed read raises here, in the runner, which reconnects as usual

    def idle(self) -> None:
        """Caught up: let the thread's connection go (it is opened again when a runner next falls behind)."""
        if self._executor is not None and self._conn is not None and not self._ahead:
            self._executor.submit(self._close_connection)

    def discard(self) -> None:
        for _, future in self._ahead.values():
            _drop(future)
        self._ahead.clear()

    def close(self) -> None:
        """Stop the thread and close its connection (the runner's loop has ended)."""
        self.discard()
        if self._executor is not None:
            self._executor.submit(self._close_connection)
            self._executor.shutdown(wait=True)
            self._executor = None

    # -- on the read-ahead thread --------------------------------------------------

    def _read(self, after: int, head: int, size: int) -> Batch:
        if self._conn is None or self._conn.closed:
            self._conn = self.source.connect()
        try:
            return read_batch(self._reader, self._conn, self.topics, after, head, size)
        except (psycopg.OperationalError, psycopg.InterfaceError):
            self._close_connection()
            raise

    def _close_connection(self) -> None:
        if self._conn is not None:
            with contextlib.suppress(psycopg.Error):
                self._conn.close()
            self._conn = None


def _drop(future: Future[Batch]) -> None:
    future.cancel()
    # A read already running finishes on its own; its result (or error) is not wanted.
    future.add_done_callback(_ignore)


def _ignore(future: Future[Batch]) -> None:
    with contextlib.suppress(BaseException):
        future.exception()
