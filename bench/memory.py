"""Figure 3: peak RSS of a full rebuild at a small and a large log.

Each rebuild runs in a fresh child process (``python -m bench.memory``) that
reports its own peak RSS, so nothing the parent holds is counted. Projections
are reset first, so each child builds every view from an empty start.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from typing import Any

from bench import database
from bench.rebuild import rebuild_all, reset_projections


def rebuild_in_child(url: str, schema: str) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-m", "bench.memory", url, schema],
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"rebuild child failed:\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _child(url: str, schema: str) -> None:
    container = database.container_for(url, schema)
    try:
        reset_projections(container)
        before_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        head = container.head()
        started = time.perf_counter()
        seconds = rebuild_all(container)
        peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print(
            json.dumps(
                {
                    "events": head,
                    "seconds": seconds,
                    "wall": time.perf_counter() - started,
                    "peak_rss_mb": peak_kb / 1024,
                    "rss_before_mb": before_kb / 1024,
                }
            )
        )
    finally:
        container.close()


if __name__ == "__main__":
    _child(sys.argv[1], sys.argv[2])
