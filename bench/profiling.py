"""`python -m bench.profiling [--events N]`: pyinstrument profiles of the rebuild and the write path.

Writes bench/results/profile-rebuild.txt and profile-write.txt, the evidence
docs/performance.md cites for where the time goes.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from pyinstrument import Profiler
from rich.console import Console

from bench import database, rebuild, write_path
from bench.generator import HistoryWriter

RESULTS = Path(__file__).parent / "results"


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.profiling", description=__doc__)
    parser.add_argument("--events", type=int, default=50_000)
    parser.add_argument("--commands", type=int, default=1_000)
    args = parser.parse_args()
    console = Console()
    url, embedded = database.resolve_url(console)
    schema = database.create_schema(url)
    try:
        container = database.container_for(url, schema)
        try:
            HistoryWriter(container.app).write(args.events)
            profiler = Profiler(interval=0.001)
            with profiler:
                seconds = rebuild.rebuild_all(container)
            _save(profiler, "profile-rebuild.txt", f"rebuild of {args.events:,} events in {seconds:.1f} s")
            profiler = Profiler(interval=0.001)
            with profiler:
                for _ in range(args.commands // 2):
                    lead_id = write_path.register_one(container)
                    container.leads.add_note(write_path._ctx(), lead_id, write_path.NOTE)
            # Every frame: the library's own save and load are the interesting part here.
            _save(profiler, "profile-write.txt", f"{args.commands:,} commands (register + add note)", show_all=True)
        finally:
            container.close()
    finally:
        database.drop_schema(url, schema)
        if embedded is not None:
            embedded.cleanup()
    console.print(f"Wrote {RESULTS}/profile-rebuild.txt and profile-write.txt")


def _save(profiler: Profiler, name: str, title: str, *, show_all: bool = False) -> None:
    text = profiler.output_text(unicode=False, color=False, show_all=show_all, short_mode=False)
    (RESULTS / name).write_text(f"# {title}\n{text}")


if __name__ == "__main__":
    main()
