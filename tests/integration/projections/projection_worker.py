"""Run the lead pipeline's runner in its own process, for crash and ownership tests.

    python -m tests.integration.projections.projection_worker JOURNAL [SECONDS_PER_EVENT]

Settings come from the BATON_* environment. Every batch attempt is appended to
JOURNAL as one JSON line (pid, wall-clock start and end, positions applied),
so a test can see which process applied what, and when.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import threading
import time
from functools import wraps
from typing import Any

from baton.container import build


def _slowed(apply_batch: Any, delay: float) -> Any:
    @wraps(apply_batch)
    def slow(cur: Any, events: Any, tables: Any) -> None:
        apply_batch(cur, events, tables)
        # Leaving a nested pipeline block syncs: the server now holds this batch's
        # open transaction with uncommitted rows, so a kill lands truly mid-batch.
        with cur.connection.pipeline():
            pass
        time.sleep(delay * len(events))

    return slow


def main() -> None:
    journal_path = sys.argv[1]
    delay = float(sys.argv[2]) if len(sys.argv) > 2 else 0.0
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    container = build()
    projection = container.projection("lead_pipeline")
    if delay:
        projection.apply_batch = _slowed(projection.apply_batch, delay)  # type: ignore[method-assign]
    journal = open(journal_path, "a", buffering=1)  # noqa: SIM115 - open for the process's life
    committed: dict[str, int] = {}

    def note_commit(_: Any, last: int, count: int) -> None:
        committed.update(last=last, count=count)

    runner = container.runner(projection, on_progress=note_commit)
    apply_batch = runner._apply_batch

    def journaled(conn: Any, gen: Any) -> int:
        committed.clear()
        started = time.time()
        entry: dict[str, Any] = {"pid": os.getpid(), "start": started, "generation": gen.generation}
        try:
            read = apply_batch(conn, gen)
        except Exception as exc:
            journal.write(json.dumps({**entry, "end": time.time(), "error": repr(exc)}) + "\n")
            raise
        if read:
            entry.update(first=gen.position + 1, last=committed["last"], end=time.time())
            journal.write(json.dumps(entry) + "\n")
        return read

    runner._apply_batch = journaled  # type: ignore[method-assign]
    try:
        runner.run(stop)
    finally:
        journal.close()
        container.close()


if __name__ == "__main__":
    main()
