"""`python -m bench [--quick] [--events N]`: measure Baton beside its floors and write the results."""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path
from typing import Any

from rich.console import Console

from baton.container import BUILD_BATCH_FACTOR
from bench import (
    aggregate_load,
    billing_reads,
    database,
    http_load,
    lag,
    library_runner,
    memory,
    rebuild,
    report,
    ticket_reads,
    time_reports,
    views,
    write_path,
)
from bench.auth import bearer_headers
from bench.generator import HistoryWriter
from bench.server import serve
from bench.sizes import Sizes, choose
from bench.stats import Figure, Target

RESULTS = Path(__file__).parent / "results"


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small sizes; finishes in under a minute")
    parser.add_argument("--events", type=int, default=None, help="events in the main history (default 200,000)")
    parser.add_argument("--out", type=Path, default=RESULTS, help="where latest.json / latest.md go")
    parser.add_argument("--keep-schema", action="store_true", help="leave the bench schema for inspection")
    args = parser.parse_args()
    console = Console()
    if not console.is_terminal:
        console = Console(width=160)
    sizes = choose(args.quick, args.events)
    started = time.perf_counter()
    load_before = os.getloadavg()
    url, embedded = database.resolve_url(console)
    schema = database.create_schema(url)
    console.print(f"[bold]Baton bench[/] ({'quick' if args.quick else 'full'}) on schema {schema}")
    try:
        figures, http_rows = run(console, url, schema, sizes)
    finally:
        if args.keep_schema:
            console.print(f"Schema {schema} kept.")
        else:
            database.drop_schema(url, schema)
    info: dict[str, Any] = {
        "mode": "quick" if args.quick else "full",
        "database": "embedded" if embedded else "machine server",
        "machine": report.machine(database.server_version(url)),
        "sizes": sizes.as_dict(),
        "duration_s": time.perf_counter() - started,
        # Other work on a shared machine moves absolute figures; ratios less so. Say how busy it was.
        "load_average_1m": {"start": round(load_before[0], 2), "end": round(os.getloadavg()[0], 2)},
    }
    if embedded is not None:
        embedded.cleanup()
    stem = "latest-quick" if args.quick else "latest"
    report.print_table(console, figures, f"Baton bench ({info['mode']}, {info['duration_s']:.0f} s)")
    json_path, md_path = report.write(args.out, stem, figures, info, http_rows)
    console.print(f"Wrote {json_path} and {md_path}.")


_T0 = time.perf_counter()


def _step(console: Console, what: str) -> None:
    console.print(f"  [dim]{time.perf_counter() - _T0:6.1f}s[/] {what} ...")


def run(console: Console, url: str, schema: str, sizes: Sizes) -> tuple[list[Figure], list[dict[str, Any]]]:
    figures: list[Figure] = []
    container = database.container_for(url, schema)
    try:
        writer = HistoryWriter(container.app)
        _step(console, f"writing {sizes.memory_small:,} events of history")
        writer.write(sizes.memory_small)
        rebuild.analyze_log(container)
        mem_small = _rebuild_memory(console, url, schema, sizes.memory_small)

        _step(console, f"writing history up to {sizes.events:,} events")
        gen_seconds = writer.write(sizes.events - writer.written)
        rebuild.analyze_log(container)  # after a bulk load, as autovacuum would
        console.print(f"    {(sizes.events - sizes.memory_small) / max(gen_seconds, 1e-9):,.0f} events/s written")

        rebuilt, library = _rebuild_figures(console, container, sizes)
        _step(console, "rebuild of the lead pipeline, the project portfolio and the task board, each alone")
        # Against the same floor as the full rebuild: the raw log read it measured.
        per_view = views.measure(container, floor=rebuilt[0])
        figures += rebuilt + per_view + [_against_library(library, per_view)]
        _step(console, "billing reads: invoice and proposal lists, revenue and ageing")
        figures += billing_reads.measure(container)
        _step(console, "ticket reads: the queue (filters, due order), a client's list, a busy thread")
        figures += ticket_reads.measure(container)
        _step(console, "time: the monthly client report as of a past date, beside the same report now")
        figures += time_reports.measure(container, writer)

        _step(console, "aggregate load, 10 events vs the worst case past a snapshot")
        figures += aggregate_load.measure(container, repeats=sizes.load_repeats)

        _step(console, f"write path, {sizes.write_commands:,} commands per contender")
        figures += write_path.measure(container, commands=sizes.write_commands)

        _step(console, "starting baton serve (the bench's build, with its floors)")
        headers = bearer_headers(container)
        ids = writer.sample_ids("leads")
        # Notes go to leads of their own: the generator still holds its open leads in memory.
        note_ids = [write_path.register_one(container) for _ in range(500)]
        with serve(url, schema) as server:
            _step(
                console,
                f"HTTP at 1/8/32 clients, {sizes.http_seconds:g}s each ({http_load.wrk.available() and 'wrk' or 'python generator'})",
            )
            http_figures, http_rows = http_load.measure(server, ids, note_ids, headers, duration=sizes.http_seconds)
            figures += http_figures
            _step(console, f"projection lag, {sizes.lag_commands} commands at {sizes.lag_rate:g}/s")
            figures += lag.measure(container, commands=sizes.lag_commands, rate=sizes.lag_rate)
            _step(console, "projection lag while 8 writer processes add notes as fast as they go")
            figures += lag.measure_busy(container, clients=8, commands=4 * sizes.lag_commands)
        with serve(url, schema, workers=2) as server:
            _step(console, "HTTP with two API processes (--workers 2), 8 clients")
            more, more_rows = http_load.measure(
                server,
                ids,
                note_ids,
                headers,
                duration=sizes.http_seconds,
                levels=(8,),
                endpoints=("list read", "POST /leads"),
                workers=2,
            )
            figures += more
            http_rows += more_rows

        if sizes.memory_large > container.head():
            _step(console, f"writing history up to {sizes.memory_large:,} events")
            writer.write(sizes.memory_large - container.head())
            rebuild.analyze_log(container)
        mem_large = _rebuild_memory(console, url, schema, container.head())
        figures.append(
            Figure(
                "rebuild",
                f"full rebuild of {mem_large['events']:,} events (child process), seconds",
                mem_large["seconds"],
                "s",
                "45 s, the bound for 1,000,000 events",
                45.0 * mem_large["events"] / 1_000_000,
                Target("<=", 1.0),
                "the memory figure's large rebuild, timed; the bound scales with the events rebuilt",
            )
        )
        note = (
            f"rebuild in a child process; {mem_small['events']:,} events: {mem_small['peak_rss_mb']:.0f} MB peak"
            f" ({mem_small['events'] / mem_small['seconds']:,.0f} events/s); {mem_large['events']:,} events:"
            f" {mem_large['peak_rss_mb']:.0f} MB peak ({mem_large['events'] / mem_large['seconds']:,.0f} events/s);"
            f" RSS before rebuilding {mem_small['rss_before_mb']:.0f} MB"
        )
        figures.append(
            Figure(
                "memory",
                f"rebuild peak RSS at {mem_large['events']:,} events",
                mem_large["peak_rss_mb"],
                "MB",
                f"at {mem_small['events']:,} events",
                mem_small["peak_rss_mb"],
                Target("<=", 1.2),
                note,
                {"small": mem_small, "large": mem_large},
            )
        )
    finally:
        container.close()
    order = ["write", "rebuild", "billing", "tickets", "time", "memory", "http", "lag", "aggregate"]
    figures.sort(key=lambda f: order.index(f.section))
    return figures, http_rows


def _rebuild_memory(console: Console, url: str, schema: str, events: int) -> dict[str, Any]:
    _step(console, f"rebuild memory at {events:,} events (child process)")
    result = memory.rebuild_in_child(url, schema)
    console.print(f"    peak RSS {result['peak_rss_mb']:.0f} MB")
    return result


def _rebuild_figures(console: Console, container: Any, sizes: Sizes) -> tuple[list[Figure], tuple[float, str]]:
    # The floors are measured half before and half after Baton's rebuild, so a
    # burst of load on the shared machine weighs on both sides alike.
    events = container.head()
    page = BUILD_BATCH_FACTOR * container.settings.projection_batch_size  # the runner's, for a generation built
    slice_events = min(sizes.library_slice, events)
    half = slice_events // 2
    _step(console, f"library ProjectionRunner over the first {half:,} events, raw log read")
    lib_s = library_runner.run_until(container, half)
    raw_s, read = rebuild.read_log_raw(container, page)
    stream_s, streamed = rebuild.stream_log(container)
    _step(console, f"full rebuild of every projection over {events:,} events")
    rebuild.reset_projections(container)
    baton_s = rebuild.rebuild_all(container)
    _step(console, f"library ProjectionRunner up to event {slice_events:,}, raw log read")
    lib_s += library_runner.run_until(container, slice_events)
    more_s, more = rebuild.read_log_raw(container, page)
    raw_s, read = raw_s + more_s, read + more
    more_s, more = rebuild.stream_log(container)
    stream_s, streamed = stream_s + more_s, streamed + more
    baton_rate = events / baton_s
    lib_rate = slice_events / lib_s
    return [
        Figure(
            "rebuild",
            "full rebuild events/s vs raw log read",
            baton_rate,
            "events/s",
            f"select_notifications, pages of {page}",
            read / raw_s,
            Target(">=", 0.25),
            f"{events:,} events rebuilt in {baton_s:.1f} s; the log read raw twice (before and after),"
            f" {read:,} notifications in {raw_s:.2f} s",
        ),
        Figure(
            "rebuild",
            "full rebuild events/s vs one streamed SELECT",
            baton_rate,
            "events/s",
            "every event by one server-side cursor",
            streamed / stream_s,
            Target(">=", 0.12),
            f"the log streamed twice (before and after), {streamed:,} rows in {stream_s:.2f} s",
        ),
    ], (
        lib_rate,
        f"library runner measured on the first {slice_events:,} events ({lib_s:.1f} s; half before, half after"
        " Baton's rebuild), as events of the log per second",
    )


def _against_library(library: tuple[float, str], per_view: list[Figure]) -> Figure:
    # The same view on both sides: the library runner keeps only the lead view, so Baton's lead pipeline (not all
    # of its views at once, which the mixed history of every slice makes the larger job) is what it is set beside.
    rate, note = library
    lead = next(f for f in per_view if f.name.startswith("lead_pipeline"))
    return Figure(
        "rebuild",
        "lead_pipeline rebuild events/s vs library runner (the same lead view)",
        lead.value,
        "events/s",
        "eventsourcing ProjectionRunner",
        rate,
        Target(">=", 25.0),
        f"{lead.note}; {note}",
    )


if __name__ == "__main__":
    main()
