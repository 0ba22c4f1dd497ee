"""Follows the event log and applies it to one projection, batch by batch.

Rows and the tracked position are written in one transaction, so a crash at any
point leaves the projection exactly at a batch boundary. A PostgreSQL advisory
lock makes one runner, in any process, the owner of a projection at a time.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

import psycopg
from psycopg import Connection, sql

from projections import catalog
from projections.base import Projection
from projections.catalog import Generation
from projections.follower import LogFollower, LogReader, LogSource

__all__ = ["LogSource", "LostOwnership", "ProjectionRunner", "head_position"]

log = logging.getLogger(__name__)

ProgressCallback = Callable[[Generation, int, int], None]

POSITION_UPDATE = (
    "UPDATE projection_state SET position = %s, events_applied = events_applied + %s, "
    "last_error = NULL, updated_at = now() "
    "WHERE name = %s AND generation = %s AND position = %s"
)


class LostOwnership(RuntimeError):
    """Another runner moved this projection's position: stop writing."""


class ProjectionRunner:
    """Keeps one projection up to date with the log."""

    def __init__(
        self,
        projection: Projection,
        source: LogSource,
        *,
        batch_size: int = 500,
        idle_wait: float = 1.0,
        on_progress: ProgressCallback | None = None,
    ) -> None:
        self.projection = projection
        self.source = source
        self.batch_size = batch_size
        self.idle_wait = idle_wait
        self.on_progress = on_progress
        self._log = LogReader(source)
        self._topics = sorted(projection.topics)
        # One lock per version: during a rolling deploy the old version keeps its
        # table current while the new version builds aside in another process.
        self._follower = LogFollower(
            source,
            label=f"projection {projection.name}",
            lock_keys=("baton.projection", f"{source.schema}.{projection.name}.v{projection.version}"),
            step=self.step,
            prepare=catalog.ensure_schema,
            record_error=self._record_error,
            idle_wait=idle_wait,
            reconnect_on=(LostOwnership,),
        )
        self._stood_down = False
        self._fed: list[Generation] = []

    # -- ownership -------------------------------------------------------------

    def try_lock(self, conn: Connection[Any]) -> bool:
        return self._follower.try_lock(conn)

    def unlock(self, conn: Connection[Any]) -> None:
        self._follower.unlock(conn)

    # -- the loop --------------------------------------------------------------

    def run(self, stop: threading.Event) -> None:
        """Own the projection whenever possible and follow the log until ``stop``."""
        self._follower.run(stop)

    def _record_error(self, conn: Connection[Any], exc: Exception) -> None:
        fed = {g.generation for g in self._fed}
        for gen in catalog.live_generations(conn, self.projection.name):
            if gen.generation in fed:
                catalog.record_error(conn, gen, f"{type(exc).__name__}: {exc}")

    def run_until_caught_up(self, conn: Connection[Any]) -> None:
        """Process until the projection is at the head (the caller owns the lock)."""
        while self.step(conn):
            pass

    def step(self, conn: Connection[Any]) -> int:
        """Apply one batch to each live generation; start or swap generations as needed."""
        live = self._fed = self._prepare(conn)
        read = 0
        for gen in live:
            count = self._apply_batch(conn, gen)
            read += count
            if gen.status == "building" and count < self.batch_size:
                current = next(g for g in catalog.generations(conn, gen.name) if g.generation == gen.generation)
                catalog.activate(conn, self.projection, current)
                log.info("projection %s: generation %s is now active", gen.name, gen.generation)
        return read

    def _prepare(self, conn: Connection[Any]) -> list[Generation]:
        """The generations to feed: the active one if it is this version, plus one being built."""
        live = catalog.live_generations(conn, self.projection.name)
        mine = self.projection.version
        active = [g for g in live if g.status == "active" and g.version == mine]
        newer = [g for g in live if g.version > mine]
        # During a rolling deploy an old process keeps its readers current while
        # the new version builds, but never builds its own version over a newer
        # one, and stands down once the newer one is active.
        if any(g.status == "active" for g in newer) or (newer and not active):
            self._stand_down(max(g.version for g in newer))
            return []
        self._stood_down = False
        for outdated in (g for g in live if g.status == "building" and g.version < mine):
            self._retire(conn, outdated)
        building = sorted((g for g in live if g.status == "building" and g.version == mine), key=lambda g: g.generation)
        for abandoned in building[:-1]:
            self._retire(conn, abandoned)
        building = building[-1:]
        if not active and not building:
            building = [catalog.start_generation(conn, self.projection)]
        return active + building

    def _stand_down(self, newer_version: int) -> None:
        if not self._stood_down:
            log.warning(
                "projection %s: version %s is live, this process runs version %s; standing down",
                self.projection.name,
                newer_version,
                self.projection.version,
            )
        self._stood_down = True

    def _retire(self, conn: Connection[Any], gen: Generation) -> None:
        with conn.transaction():
            for logical in self.projection.tables:
                conn.execute(sql.SQL("DROP TABLE IF EXISTS {}").format(gen.tables(self.projection)[logical]))
            conn.execute(
                "UPDATE projection_state SET status = 'retired' WHERE name = %s AND generation = %s",
                (gen.name, gen.generation),
            )

    def _apply_batch(self, conn: Connection[Any], gen: Generation) -> int:
        # Only the events this projection handles travel; the position still
        # moves past the others (up to the head read first), so a projection
        # that handles few topics skips most of the log at the cost of a scan.
        head = self._log.head(conn)
        if head <= gen.position:
            return 0
        rows = self._log.read_topics(conn, gen.position, head, self._topics, self.batch_size)
        last = rows[-1][0] if len(rows) == self.batch_size else head
        events = [(row[0], row[3], self._log.decode(row)) for row in rows]
        tables = gen.tables(self.projection)
        with conn.transaction(), conn.cursor() as cur:
            if events:
                with conn.pipeline():
                    self.projection.apply_batch(cur, events, tables)
            # The position last: catalog.activate locks a generation's tables
            # before its state row, and a runner must take them in that order too.
            cur.execute(POSITION_UPDATE, (last, len(events), gen.name, gen.generation, gen.position))
            if cur.rowcount != 1:
                raise LostOwnership(f"projection {gen.name} generation {gen.generation} moved under us")
        if self.on_progress is not None:
            self.on_progress(gen, last, len(rows))
        return len(rows)


def head_position(conn: Connection[Any], source: LogSource) -> int:
    """The position of the newest event in the log (0 when empty)."""
    try:
        row = conn.execute(
            sql.SQL("SELECT coalesce(max(notification_id), 0) FROM {}.{}").format(
                sql.Identifier(source.schema), sql.Identifier(source.events_table)
            )
        ).fetchone()
    except psycopg.errors.UndefinedTable:
        return 0
    return int(row[0]) if row else 0
