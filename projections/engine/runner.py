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

from psycopg import Connection

from projections.engine import catalog, state
from projections.engine.catalog import Generation
from projections.engine.follower import LogFollower, LogReader, LogSource
from projections.engine.projection import Projection
from projections.engine.readahead import ReadAhead, read_batch
from projections.engine.watcher import LogWatcher

__all__ = ["LogSource", "LostOwnership", "ProjectionRunner", "head_position"]

log = logging.getLogger(__name__)

ProgressCallback = Callable[[Generation, int, int], None]


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
        build_batch_size: int | None = None,
        idle_wait: float = 1.0,
        on_progress: ProgressCallback | None = None,
        watcher: LogWatcher | None = None,
    ) -> None:
        self.projection = projection
        self.source = source
        self.batch_size = batch_size
        # Nobody reads a generation being built: it takes bigger batches (docs/performance.md measures them).
        self.build_batch_size = build_batch_size or batch_size
        self.idle_wait = idle_wait
        self.on_progress = on_progress
        self._log = LogReader(source)
        self._topics = sorted(projection.topics)
        self._ahead = ReadAhead(source, self._topics, projection.name)
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
            wake=watcher.subscribe(projection.topics) if watcher is not None else None,
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
        try:
            self._follower.run(stop)
        finally:
            self._ahead.close()

    def _record_error(self, conn: Connection[Any], exc: Exception) -> None:
        fed = {g.generation for g in self._fed}
        for gen in catalog.live_generations(conn, self.projection.name):
            if gen.generation in fed:
                catalog.record_error(conn, gen, f"{type(exc).__name__}: {exc}")

    def run_until_caught_up(self, conn: Connection[Any]) -> None:
        """Process until the projection is at the head (the caller owns the lock)."""
        try:
            while self.step(conn):
                pass
        finally:
            self._ahead.discard()

    def size_for(self, gen: Generation) -> int:
        """Events per batch for ``gen``: more while it is being built."""
        return self.build_batch_size if gen.status == "building" else self.batch_size

    def step(self, conn: Connection[Any]) -> int:
        """Apply one batch to each live generation; start or swap generations as needed."""
        live = self._fed = self._prepare(conn)
        read = 0
        for gen in live:
            count = self._apply_batch(conn, gen)
            read += count
            if gen.status == "building" and count < self.size_for(gen):
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
        catalog.retire(conn, self.projection, gen)

    def _apply_batch(self, conn: Connection[Any], gen: Generation) -> int:
        # Only the events this projection handles travel; the position still
        # moves past the others (up to the head read first), so a projection
        # that handles few topics skips most of the log at the cost of a scan.
        head = self._log.head(conn)
        if head <= gen.position:
            return 0
        size = self.size_for(gen)
        batch = self._ahead.take(gen.generation, gen.position)
        if batch is None:
            batch = read_batch(self._log, conn, self._topics, gen.position, head, size)
        if batch.rows == size and batch.last < head:
            # More to read: the next batch is read and decoded while this one is written.
            self._ahead.start(gen.generation, batch.last, head, size)
        else:
            self._ahead.idle()
        advance = (batch.last, len(batch.events), gen.name, gen.generation, gen.position)
        if not batch.events:  # nothing to write: one statement moves the position
            moved = conn.execute(state.PROJECTION_ADVANCE, advance).rowcount
        else:
            with conn.transaction(), conn.cursor() as cur:
                with conn.pipeline():
                    self.projection.apply_batch(cur, batch.events, gen.tables(self.projection))
                # The position last: catalog.activate locks a generation's tables
                # before its state row, and a runner must take them in that order too.
                moved = cur.execute(state.PROJECTION_ADVANCE, advance).rowcount
        if moved != 1:
            self._ahead.discard()
            raise LostOwnership(f"projection {gen.name} generation {gen.generation} moved under us")
        if self.on_progress is not None:
            self.on_progress(gen, batch.last, batch.rows)
        return batch.rows


def head_position(conn: Connection[Any], source: LogSource) -> int:
    """The position of the newest event in the log (0 when empty)."""
    return state.log_head(conn, source.schema, source.events_table)
