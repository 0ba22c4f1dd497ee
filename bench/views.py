"""Rebuild figures per view: the lead pipeline, the project portfolio, the task board, proposals, invoices and
revenue, each alone.

Each view is forgotten and rebuilt from position 0 by Baton's own runner, over
the whole log (the runner reads only the view's own topics and moves past the
rest), and set beside the same floor as the full rebuild: reading the log raw.
"""

from __future__ import annotations

import time

from baton.container import Container
from bench.stats import Figure, Target
from projections.engine import catalog

VIEWS = (
    "lead_pipeline",
    "project_portfolio",
    "task_board",
    "proposals",
    "invoices",
    "billing_revenue",
    "ticket_queue",
    "ticket_sla",
    "time_log",
    "time_controls",
)


def rebuild_one(container: Container, name: str) -> float:
    """Forget ``name`` and rebuild it from position 0; returns the seconds the rebuild took."""
    projection = container.projection(name)
    with container.source.connect() as conn:
        catalog.forget(conn, projection)
        started = time.perf_counter()
        catalog.start_generation(conn, projection)
        runner = container.runner(projection)
        if not runner.try_lock(conn):
            raise RuntimeError(f"another runner owns {name}; the bench needs it to itself")
        try:
            runner.run_until_caught_up(conn)
        finally:
            runner.unlock(conn)
    return time.perf_counter() - started


def measure(container: Container, floor: Figure) -> list[Figure]:
    """One figure per view: its rebuild rate over the whole log beside ``floor``, the full rebuild's raw log read."""
    events = container.head()
    with container.source.connect() as conn:
        topics = {
            name: conn.execute(
                "SELECT count(*) FROM baton_events WHERE topic = ANY(%s)", (sorted(container.projection(name).topics),)
            ).fetchone()
            for name in VIEWS
        }
    figures = []
    for name in VIEWS:
        seconds = rebuild_one(container, name)
        own = topics[name][0] if topics[name] else 0
        figures.append(
            Figure(
                "rebuild",
                f"{name} rebuild events/s vs raw log read",
                events / seconds,
                "events/s",
                floor.baseline_name,
                floor.baseline,
                Target(">=", 0.25),
                f"{events:,} events in {seconds:.2f} s, {own:,} of them the view's own topics (the rest passed over)",
            )
        )
    return figures
