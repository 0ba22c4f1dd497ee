"""Figure 3: peak RSS of a full rebuild at a small and a large log.

Each rebuild runs in a fresh child process (``python -m bench.memory``) that
reports its own peak RSS, so nothing the parent holds is counted; the
high-water mark is reset after set-up (wiring Baton's identity part briefly
peaks about 60 MB higher than a rebuild ever does), so the figure is the
rebuild's own peak; the set-up peak is reported beside it. Projections
are reset first, so each child builds every view from an empty start.
"""

from __future__ import annotations

import gc
import json
import resource
import subprocess
import sys
import time
from pathlib import Path
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


def _reset_peak() -> bool:
    """Start the peak-RSS high-water mark afresh (Linux: clear_refs 5), so set-up is not counted."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def _peak_mb() -> float:
    """Peak RSS since the last reset: VmHWM on Linux, else getrusage's lifetime peak."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _child(url: str, schema: str) -> None:
    container = database.container_for(url, schema)
    try:
        reset_projections(container)
        head = container.head()
        gc.collect()
        setup_peak = _peak_mb()
        exact = _reset_peak()
        before = _current_mb()
        started = time.perf_counter()
        seconds = rebuild_all(container)
        peak = _peak_mb()
        print(
            json.dumps(
                {
                    "events": head,
                    "seconds": seconds,
                    "wall": time.perf_counter() - started,
                    "peak_rss_mb": peak,
                    "rss_before_mb": before,
                    "setup_peak_mb": setup_peak,
                    "peak_reset": exact,
                }
            )
        )
    finally:
        container.close()


def _current_mb() -> float:
    import psutil

    return float(psutil.Process().memory_info().rss) / 2**20


if __name__ == "__main__":
    _child(sys.argv[1], sys.argv[2])
