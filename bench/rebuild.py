"""Figure 2: a full rebuild of every projection beside reading the log raw.

The rebuild is Baton's own path: a new generation per projection, built from
position 0 by ``ProjectionRunner`` in batches, then swapped in. The floor reads
the same notification log with the recorder's ``select_notifications`` in pages
of the runner's batch size, decoding nothing and writing nothing.
"""

from __future__ import annotations

import time

from baton.container import Container
from projections import catalog


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


def reset_projections(container: Container) -> None:
    """Forget every projection (tables, views, positions) so the next rebuild starts empty."""
    from psycopg import sql

    from projections.base import physical_name

    with container.source.connect() as conn, conn.transaction():
        for projection in container.projections:
            for gen in catalog.generations(conn, projection.name):
                for logical in projection.tables:
                    conn.execute(sql.SQL("DROP VIEW IF EXISTS {}").format(sql.Identifier(logical)))
                    conn.execute(
                        sql.SQL("DROP TABLE IF EXISTS {}").format(
                            sql.Identifier(physical_name(logical, gen.generation))
                        )
                    )
            conn.execute("DELETE FROM projection_state WHERE name = %s", (projection.name,))
