"""Rebuild a projection aside with a progress bar, then swap it in."""

from __future__ import annotations

import time

from psycopg import Connection
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from baton.container import Container
from projections.engine import catalog
from projections.engine.catalog import Generation


def _current(conn: Connection[object], gen: Generation) -> Generation:
    return next(g for g in catalog.generations(conn, gen.name) if g.generation == gen.generation)


def rebuild(container: Container, name: str, console: Console) -> bool:
    """Start a new generation of ``name``; build it here, or watch the running worker build it.

    Returns False when the rebuild could not finish (refused, or replaced by another).
    """
    projection = container.projection(name)
    conn = container.source.connect()
    try:
        newer = [g for g in catalog.live_generations(conn, name) if g.version > projection.version]
        if newer:
            console.print(
                f"[red]{name} version {newer[0].version} is live but this program has version "
                f"{projection.version}; run the rebuild with the newer release.[/]"
            )
            return False
        gen = catalog.start_generation(conn, projection)
        head = container.head()
        console.print(f"Rebuilding [bold]{name}[/] as generation {gen.generation} from position 0 (log head {head}).")
        started = time.monotonic()
        with Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]:>10,.0f} events/s"),
            TimeElapsedColumn(),
            console=console,
        ) as progress:
            task = progress.add_task(name, total=max(head, 1), rate=0.0)

            def show(_: object, position: int, __: int) -> None:
                elapsed = max(time.monotonic() - started, 1e-6)
                progress.update(
                    task, completed=min(position, head), total=max(head, position, 1), rate=position / elapsed
                )

            runner = container.runner(projection, on_progress=show)
            if runner.try_lock(conn):
                try:
                    runner.run_until_caught_up(conn)
                finally:
                    runner.unlock(conn)
            else:
                console.print("A running worker owns this projection; following its progress.")
                while (current := _current(conn, gen)).status == "building":
                    show(None, current.position, 0)
                    time.sleep(0.5)
            final = _current(conn, gen)
            if final.status == "active":
                progress.update(task, completed=max(head, 1))
        elapsed = time.monotonic() - started
        if final.status != "active":
            console.print(f"[red]Generation {gen.generation} was replaced by a newer rebuild before it finished.[/]")
            return False
        console.print(
            f"Generation {gen.generation} is active: {final.position:,} log positions read, "
            f"{final.events_applied:,} events applied, in {elapsed:.1f}s."
        )
        return True
    finally:
        conn.close()
