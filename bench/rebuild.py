"""Figure 2: a full rebuild of every projection beside reading the log raw.

The rebuild is Baton's own path: a new generation per projection, built from
position 0 by ``ProjectionRunner`` in batches, then swapped in. Two floors read
the same notification log, decoding nothing and writing nothing: the recorder's
``select_notifications`` in pages of the runner's batch size for a generation
being built, and one streamed ``SELECT`` of every event (a server-side cursor),
the fastest the log can be read at all.
"""

from __future__ import annotations

import time

from baton.container import Container
from projections.engine import catalog


def rebuild_all(container: Container) -> float:
    """Rebuild every projection from position 0; returns the seconds it took."""
    started = time.perf_counter()
    with container.source.connect() as conn:
        for projection in container.projections:
            catalog.start_generation(conn, projection)
            runner = container.runner(projection)
            if not runner.try_lock(conn):
                raise RuntimeError(f"another runner owns {projection.name}; the bench needs it to itself")
            try:
                runner.run_until_caught_up(conn)
            finally:
                runner.unlock(conn)
    return time.perf_counter() - started


def read_log_raw(container: Container, page: int) -> tuple[float, int]:
    """Read the whole notification log in pages; returns (seconds, notifications read)."""
    recorder = container.app.recorder
    started = time.perf_counter()
    read = 0
    start = 1
    while True:
        notifications = recorder.select_notifications(start, page)
        if not notifications:
            break
        read += len(notifications)
        start = notifications[-1].id + 1
    return time.perf_counter() - started, read


def stream_log(container: Container) -> tuple[float, int]:
    """Read every event once with one streamed SELECT; returns (seconds, rows read)."""
    started = time.perf_counter()
    read = 0
    with container.source.connect() as conn, conn.transaction(), conn.cursor(name="bench_stream") as cur:
        cur.itersize = 10_000
        cur.execute(
            "SELECT notification_id, originator_id, originator_version, topic, state FROM baton_events"
            " ORDER BY notification_id"
        )
        for _ in cur:
            read += 1
    return time.perf_counter() - started, read


def analyze_log(container: Container) -> None:
    """Fresh statistics after a bulk load, as autovacuum would give them (the bench database runs without it)."""
    with container.source.connect() as conn:
        conn.execute("ANALYZE baton_events")


def reset_projections(container: Container) -> None:
    """Forget every projection (tables, views, positions) so the next rebuild starts empty."""
    with container.source.connect() as conn:
        for projection in container.projections:
            catalog.forget(conn, projection)
