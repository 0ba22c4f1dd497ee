"""Rebuild a projection aside with a progress bar, then swap it in."""

from __future__ import annotations

import time

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from baton.container import Container
from projections import catalog


def rebuild(container: Container, name: str, console: Console) -> None:
    """Start a new generation of ``name``; build it here, or watch the running worker build it."""
    projection = container.projection(name)
    runner_holder = container.source.connect()
    try:
        gen = catalog.start_generation(runner_holder, projection)
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
            if runner.try_lock(runner_holder):
                try:
                    runner.run_until_caught_up(runner_holder)
                finally:
                    runner.unlock(runner_holder)
            else:
                console.print("A running worker owns this projection; following its progress.")
                while True:
                    current = next(
                        g for g in catalog.generations(runner_holder, name) if g.generation == gen.generation
                    )
                    show(None, current.position, 0)
                    if current.status != "building":
                        break
                    time.sleep(0.5)
            progress.update(task, completed=max(head, 1))
        elapsed = time.monotonic() - started
        console.print(f"Generation {gen.generation} is active. {head:,} events in {elapsed:.1f}s.")
    finally:
        runner_holder.close()
