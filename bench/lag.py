"""Figure 5: how long after a command commits its row is visible in the view.

Commands go through Baton's application layer in this process at a steady rate;
the projection runner is the one inside `baton serve` (another process), as in
production. A watcher polls the view's tracked position and notes when each
command's position first shows. The floor is the database's own commit latency
for a one-row insert, measured in the same run.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from typing import Any

import psycopg

from baton.container import Container
from bench.stats import Figure, Target, percentile, summary_ms
from domain.context import Actor, CommandContext
from domain.leads import NewLead
from projections.engine.state import active_position

ACTOR = Actor.user("0" * 32, "employee")


def _watch(
    conn: psycopg.Connection[Any], stop: threading.Event, seen: dict[int, float], clock: Any = time.perf_counter
) -> None:
    with conn:
        while not stop.is_set():
            position = active_position(conn, "lead_pipeline")
            if position is not None:
                seen.setdefault(position, clock())  # first sight, not the latest
            time.sleep(0.0005)


def visible_lags(committed: list[tuple[int, float]], first_seen: dict[int, float]) -> list[float]:
    """Seconds from each commit to the first sight of a tracked position at or past it."""
    visible = sorted(first_seen.items())
    lags: list[float] = []
    for position, at in committed:
        first = next((t for p, t in visible if p >= position), None)
        if first is not None:
            lags.append(max(first - at, 0.0))
    return lags


def _commit_latency(conninfo: str, schema: str, samples: int) -> list[float]:
    with psycopg.connect(conninfo, autocommit=True, options=f"-c search_path={schema}") as conn:
        conn.execute("CREATE TABLE IF NOT EXISTS commit_probe (id bigserial PRIMARY KEY, at timestamptz NOT NULL)")
        out = []
        for _ in range(samples):
            started = time.perf_counter()
            conn.execute("INSERT INTO commit_probe (at) VALUES (now())")
            out.append(time.perf_counter() - started)
            time.sleep(0.002)
        return out


def measure(container: Container, *, commands: int, rate: float) -> list[Figure]:
    ctx = CommandContext(actor=ACTOR, now=datetime.now(UTC))
    lead_id = container.leads.register(ctx, NewLead(name="Lag Probe", source="bench")).id
    stop = threading.Event()
    seen: dict[int, float] = {}
    # Connected here, so a refused connection fails the figure instead of a silent thread.
    conn = psycopg.connect(container.conninfo, autocommit=True, options=f"-c search_path={container.schema}")
    watcher = threading.Thread(target=_watch, args=(conn, stop, seen), daemon=True)
    watcher.start()
    committed: list[tuple[int, float]] = []
    interval = 1.0 / rate
    next_at = time.perf_counter()
    targets = [container.leads.register(ctx, NewLead(name=f"Lag {i}", source="bench")).id for i in range(50)]
    for i in range(commands):
        now = CommandContext(actor=ACTOR, now=datetime.now(UTC))
        result = container.leads.add_note(now, targets[i % len(targets)], f"Steady note {i}")
        committed.append((result.position, time.perf_counter()))
        next_at += interval
        time.sleep(max(0.0, next_at - time.perf_counter()))
    deadline = time.perf_counter() + 10
    while time.perf_counter() < deadline and (not seen or max(seen) < committed[-1][0]):
        time.sleep(0.01)
    stop.set()
    watcher.join()
    lags = visible_lags(committed, seen)
    commit = _commit_latency(container.conninfo, container.schema, max(commands, 100))
    lag_ms, commit_ms = summary_ms(lags), summary_ms(commit)
    note = (
        f"{commands} add-note commands at {rate:g}/s; lag p50 {lag_ms['p50']:.1f} / p95 {lag_ms['p95']:.1f} /"
        f" p99 {lag_ms['p99']:.1f} ms; one-row insert commit p50 {commit_ms['p50']:.2f} / p95 {commit_ms['p95']:.2f}"
        f" / p99 {commit_ms['p99']:.2f} ms"
    )
    if len(lags) < len(committed):
        note += f"; {len(committed) - len(lags)} commands never became visible within 10 s"
    extra: dict[str, Any] = {"lag_ms": lag_ms, "commit_ms": commit_ms, "probe_lead": str(lead_id)}
    return [
        Figure(
            "lag",
            f"commit-to-visible p{p}",
            percentile(lags, p) * 1000,
            "ms",
            f"one-row insert commit p{p}",
            percentile(commit, p) * 1000,
            None,
            note if p == 50 else "",
            extra if p == 50 else {},
        )
        for p in (50, 95, 99)
    ]


def measure_busy(container: Container, *, clients: int, commands: int) -> list[Figure]:
    """Lag while ``clients`` writer processes add notes as fast as they can (the 8-client rate), beside the
    commit latency of a one-row insert measured during the same load."""
    start_at = time.monotonic() + 20.0  # every writer has built its container by then (slow on a busy machine)
    writers = [
        subprocess.Popen(  # noqa: S603
            [
                sys.executable,
                "-m",
                "bench.lag_writer",
                container.conninfo,
                container.schema,
                str(commands // clients),
                str(start_at),
            ],
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(clients)
    ]
    stop = threading.Event()
    seen: dict[int, float] = {}
    conn = psycopg.connect(container.conninfo, autocommit=True, options=f"-c search_path={container.schema}")
    watcher = threading.Thread(target=_watch, args=(conn, stop, seen, time.monotonic), daemon=True)
    watcher.start()
    time.sleep(max(0.0, start_at - time.monotonic()))
    commit = _commit_latency(container.conninfo, container.schema, max(commands // 4, 100))  # during the load
    committed: list[tuple[int, float]] = []
    for writer in writers:
        out, _ = writer.communicate(timeout=600)
        committed += [(int(p), float(t)) for p, t in json.loads(out.strip().splitlines()[-1])]
    deadline = time.monotonic() + 10
    last = max(p for p, _ in committed)
    while time.monotonic() < deadline and (not seen or max(seen) < last):
        time.sleep(0.01)
    stop.set()
    watcher.join()
    lags = visible_lags(committed, seen)
    spread = max(t for _, t in committed) - min(t for _, t in committed)
    rate = len(committed) / spread if spread > 0 else math.nan
    lag_ms, commit_ms = summary_ms(lags), summary_ms(commit)
    note = (
        f"{len(committed)} add-note commands from {clients} writer processes as fast as they go ({rate:,.0f}/s);"
        f" lag p50 {lag_ms['p50']:.1f} / p95 {lag_ms['p95']:.1f} / p99 {lag_ms['p99']:.1f} ms; one-row insert"
        f" commit during the load p50 {commit_ms['p50']:.2f} / p95 {commit_ms['p95']:.2f} ms"
    )
    if len(lags) < len(committed):
        note += f"; {len(committed) - len(lags)} commands never became visible within 10 s"
    return [
        Figure(
            "lag",
            f"commit-to-visible p{p} at the {clients}-client rate",
            percentile(lags, p) * 1000,
            "ms",
            f"one-row insert commit p{p}, same load",
            percentile(commit, p) * 1000,
            Target("<=", 10.0) if p == 95 else None,
            note if p == 50 else "",
            {"lag_ms": lag_ms, "commit_ms": commit_ms, "rate": rate} if p == 50 else {},
        )
        for p in (50, 95)
    ]
