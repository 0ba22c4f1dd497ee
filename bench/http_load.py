"""Figure 4: HTTP throughput and latency against a real `baton serve`.

The load generator runs in its own process (``bench.loadgen``). Each endpoint is
measured at 1, 8 and 32 concurrent clients beside ``GET /healthz/db``, a bare
endpoint of the same app that runs ``SELECT 1`` through the same pool, measured
first and last at each level and averaged.
"""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any
from uuid import UUID

from bench.server import Server
from bench.stats import Figure, Target

ENDPOINTS: dict[str, dict[str, Any]] = {
    "bare SELECT 1": {"method": "GET", "path": "/healthz/db"},
    "list read": {"method": "GET", "path": "/leads?limit=50"},
    "detail read": {"method": "GET", "path": "/leads/{id}"},
    "command (add note)": {
        "method": "POST",
        "path": "/leads/{id}/notes",
        "body": {"text": "Followed up by phone; they asked for a revised estimate."},
    },
}
READS = ("list read", "detail read")


def load(
    server: Server, endpoint: str, concurrency: int, duration: float, ids: list[UUID], headers: dict[str, str]
) -> dict[str, Any]:
    """Run the load generator process once and return its figures."""
    spec = {
        **ENDPOINTS[endpoint],
        "host": server.host,
        "port": server.port,
        "concurrency": concurrency,
        "duration": duration,
        "warmup": min(0.5, duration / 4),
        "ids": [str(i) for i in ids],
        "headers": headers,
    }
    done = subprocess.run(
        [sys.executable, "-m", "bench.loadgen"],
        input=json.dumps(spec),
        capture_output=True,
        text=True,
        timeout=duration + 120,
        check=True,
    )
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _mean(first: dict[str, Any], second: dict[str, Any]) -> dict[str, Any]:
    """Two runs of one endpoint as one: summed counts, mean rate and percentiles."""
    errors = dict(first["errors"])
    for status, n in second["errors"].items():
        errors[status] = errors.get(status, 0) + n
    merged = {k: (first[k] + second[k]) / 2 for k in ("rps", "p50", "p95", "p99")}
    return {
        **merged,
        "requests": first["requests"] + second["requests"],
        "ok": first["ok"] + second["ok"],
        "errors": errors,
    }


def measure(  # noqa: PLR0913
    server: Server,
    ids: list[UUID],
    command_ids: list[UUID],
    headers: dict[str, str],
    *,
    duration: float,
    levels: tuple[int, ...] = (1, 8, 32),
) -> tuple[list[Figure], list[dict[str, Any]]]:
    """Reads hit leads from the generated history; commands go to leads of their own."""
    rows: list[dict[str, Any]] = []
    figures: list[Figure] = []
    for clients in levels:
        measured = {
            name: load(server, name, clients, duration, command_ids if "command" in name else ids, headers)
            for name in ENDPOINTS
        }
        # The floor again after the others; its mean faces the same noise they did.
        again = load(server, "bare SELECT 1", clients, duration, ids, headers)
        measured["bare SELECT 1"] = _mean(measured["bare SELECT 1"], again)
        bare = measured["bare SELECT 1"]
        for name, result in measured.items():
            rows.append({"endpoint": name, "clients": clients, **result})
            if name == "bare SELECT 1":
                continue
            target = Target(">=", 0.5) if name in READS and clients == 8 else None
            errors = sum(result["errors"].values())
            note = f"p50 {result['p50']:.1f} / p95 {result['p95']:.1f} / p99 {result['p99']:.1f} ms"
            note += f" (bare p50 {bare['p50']:.1f} / p95 {bare['p95']:.1f} / p99 {bare['p99']:.1f} ms)"
            if errors:
                note += f"; {errors} non-2xx answers {result['errors']}"
            figures.append(
                Figure(
                    "http",
                    f"{name} @ {clients} clients",
                    result["rps"],
                    "req/s",
                    "GET /healthz/db (SELECT 1)",
                    bare["rps"],
                    target,
                    note,
                    {"result": result, "bare": bare},
                )
            )
    return figures, rows
