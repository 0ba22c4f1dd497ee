"""The monthly client hours report as of a past date, over the whole history, beside the same report now.

The report now reads the client's month from the ``time_log`` view. As of a past
moment it finds the entries ever under that client and month, reads their events
from the log by record id and folds them up to the moment (projections/time/history.py).
Both are timed over the same sample of the time share's clients and finished months.
"""

from __future__ import annotations

import random
import time
from datetime import UTC, datetime, timedelta

from baton.container import Container
from bench.generator import HistoryWriter
from bench.stats import Figure, Target, percentile
from projections.scope import Scope
from projections.time.report_queries import Asked, monthly_report

SAMPLES = 40


def measure(container: Container, writer: HistoryWriter, samples: int = SAMPLES) -> list[Figure]:
    share = writer.shares["time"]
    months = share.seen_months[:-1]  # finished ones
    clients = share.sample_ids()
    if not months or not clients:
        return []
    rng = random.Random(11)
    pairs = [(rng.choice(clients), rng.choice(months)) for _ in range(samples)]
    admin = Scope(user_id=None, role="admin")
    now_s, past_s, entries, cpu_now, cpu_past = [], [], [], 0.0, 0.0
    with container.pool.connection() as conn:
        for client, month in pairs:
            as_of = datetime.combine(month.last + timedelta(days=10), datetime.min.time(), tzinfo=UTC)
            started, cpu = time.perf_counter(), time.process_time()
            now = monthly_report(conn, Asked(admin), client, month, month.last)
            now_s.append(time.perf_counter() - started)
            cpu_now += time.process_time() - cpu
            started, cpu = time.perf_counter(), time.process_time()
            past = monthly_report(conn, Asked(admin, container.source, as_of), client, month, month.last)
            past_s.append(time.perf_counter() - started)
            cpu_past += time.process_time() - cpu
            entries.append(len(past.figures.entries))
            assert now.figures.hours_used >= 0 and past.figures.hours_used >= 0
    p50_now, p50_past = percentile(now_s, 50) * 1000, percentile(past_s, 50) * 1000
    return [
        Figure(
            "time",
            "monthly client report as of a past date, p50",
            p50_past,
            "ms",
            "the same report now, from the view (p50)",
            p50_now,
            Target("<=", 10.0),
            f"{samples} reports (a client's finished month, as of 10 days after it) over {container.head():,} events;"
            f" p95 {percentile(past_s, 95) * 1000:.1f} ms as of, {percentile(now_s, 95) * 1000:.1f} ms now;"
            f" {sum(entries) / len(entries):.0f} counted entries per report on average; this process's CPU per report"
            f" {cpu_past / samples * 1000:.0f} ms as of, {cpu_now / samples * 1000:.0f} ms now (the rest is waiting"
            " on PostgreSQL, which a busy machine stretches)",
        )
    ]
