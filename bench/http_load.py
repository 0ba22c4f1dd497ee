"""Figure 4: HTTP throughput, latency and server CPU per request against a real `baton serve`.

The server is the bench's build of the app (bench/app.py): Baton's routes plus
two floors of the same app, through the same middleware and pool. Reads are set
beside ``GET /bench/select-1`` (one pooled ``SELECT 1``) and commands beside
``POST /bench/insert`` (the same body, one transaction inserting a row the size
of a stored event). Each level (1, 8 and 32 clients) runs the floors first and
last and averages them, so a burst of noise falls on both sides. The load
generator is `wrk` (bench/wrk.py); beside every figure the CPU the API
processes, the runner child and the generator spent per request.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from bench import wrk
from bench.server import CpuMeter, Server
from bench.stats import Figure, Target

SELECT_1 = "SELECT 1 floor"
INSERT = "insert floor"
ENDPOINTS: dict[str, dict[str, Any]] = {
    SELECT_1: {"method": "GET", "path": "/bench/select-1"},
    "list read": {"method": "GET", "path": "/leads?limit=50"},
    "project list read": {"method": "GET", "path": "/projects?limit=50"},
    "task list read": {"method": "GET", "path": "/tasks?limit=50"},
    "detail read": {"method": "GET", "path": "/leads/{id}"},
    INSERT: {"method": "POST", "path": "/bench/insert", "body": {"name": "Dana Whitfield", "source": "bench"}},
    "POST /leads": {"method": "POST", "path": "/leads", "body": {"name": "Dana Whitfield", "source": "bench"}},
    "command (add note)": {
        "method": "POST",
        "path": "/leads/{id}/notes",
        "body": {"text": "Followed up by phone; they asked for a revised estimate."},
    },
}
FLOOR_OF = {
    "list read": SELECT_1,
    "project list read": SELECT_1,
    "task list read": SELECT_1,
    "detail read": SELECT_1,
    "POST /leads": INSERT,
    "command (add note)": INSERT,
}
FLOOR_NAME = {SELECT_1: "GET /bench/select-1 (pooled SELECT 1)", INSERT: "POST /bench/insert (one-row transaction)"}
TARGETS = {
    ("list read", 8): 0.6,
    ("project list read", 8): 0.6,
    ("task list read", 8): 0.6,
    ("detail read", 8): 0.6,
    ("POST /leads", 8): 0.6,
}


def load(  # noqa: PLR0913
    server: Server, endpoint: str, clients: int, duration: float, ids: list[UUID], headers: dict[str, str]
) -> dict[str, Any]:
    """One run of ``endpoint`` with the server's CPU measured over it."""
    spec = {
        **ENDPOINTS[endpoint],
        "host": server.host,
        "port": server.port,
        "concurrency": clients,
        "duration": duration,
        "ids": [str(i) for i in ids] if "{id}" in ENDPOINTS[endpoint]["path"] else [],
        "headers": headers,
    }
    meter = CpuMeter(server)
    meter.start()
    result = wrk.run(spec)
    meter.stop()
    served = max(result["requests"], 1)
    return {
        **result,
        "api_cpu_ms": meter.api_s * 1000 / served,
        "runner_cpu_ms": meter.runner_s * 1000 / served,
        "loadgen_cpu_ms": result["loadgen_cpu_s"] * 1000 / served,
    }


def _mean(first: dict[str, Any], second: dict[str, Any]) -> dict[str, Any]:
    """Two runs of one floor as one: summed counts, mean rates, percentiles and CPU."""
    errors = dict(first["errors"])
    for status, n in second["errors"].items():
        errors[status] = errors.get(status, 0) + n
    keys = ("rps", "p50", "p95", "p99", "api_cpu_ms", "runner_cpu_ms", "loadgen_cpu_ms")
    merged = {k: (first[k] + second[k]) / 2 for k in keys}
    return {
        **first,
        **merged,
        "requests": first["requests"] + second["requests"],
        "ok": first["ok"] + second["ok"],
        "errors": errors,
    }


def cpu_note(result: dict[str, Any]) -> str:
    return (
        f"CPU per request: API {result['api_cpu_ms']:.2f} ms, runner child {result['runner_cpu_ms']:.2f} ms,"
        f" load generator ({result['generator']}) {result['loadgen_cpu_ms']:.3f} ms"
    )


def _figure(name: str, clients: int, result: dict[str, Any], floor: dict[str, Any], workers: int) -> Figure:
    suffix = "" if workers == 1 else f", {workers} API processes"
    note = f"p50 {result['p50']:.1f} / p95 {result['p95']:.1f} / p99 {result['p99']:.1f} ms"
    note += f" (floor p50 {floor['p50']:.1f} / p95 {floor['p95']:.1f} / p99 {floor['p99']:.1f} ms); "
    note += cpu_note(result) + f"; floor: API {floor['api_cpu_ms']:.2f} ms"
    if result["errors"]:
        note += f"; {sum(result['errors'].values())} non-2xx or failed {result['errors']}"
    bound = TARGETS.get((name, clients)) if workers == 1 else None
    return Figure(
        "http",
        f"{name} @ {clients} clients{suffix}",
        result["rps"],
        "req/s",
        FLOOR_NAME[FLOOR_OF[name]],
        floor["rps"],
        Target(">=", bound) if bound else None,
        note,
        {"result": result, "floor": floor, "workers": workers},
    )


def measure(  # noqa: PLR0913
    server: Server,
    ids: list[UUID],
    note_ids: list[UUID],
    headers: dict[str, str],
    *,
    duration: float,
    levels: tuple[int, ...] = (1, 8, 32),
    endpoints: tuple[str, ...] = (
        "list read",
        "project list read",
        "task list read",
        "detail read",
        "POST /leads",
        "command (add note)",
    ),
    workers: int = 1,
) -> tuple[list[Figure], list[dict[str, Any]]]:
    """Reads hit leads of the generated history; notes go to leads of their own."""
    rows: list[dict[str, Any]] = []
    figures: list[Figure] = []
    floors = sorted({FLOOR_OF[e] for e in endpoints}, key=list(ENDPOINTS).index)
    for name in (*floors, *endpoints):  # warm every path (imports, prepared statements, pool) once
        load(server, name, 2, 1.0, note_ids if "note" in name else ids, headers)
    for clients in levels:
        measured = {f: load(server, f, clients, duration, ids, headers) for f in floors}
        for name in endpoints:
            measured[name] = load(server, name, clients, duration, note_ids if "note" in name else ids, headers)
        for f in floors:  # again after the others: its mean faces the same noise they did
            measured[f] = _mean(measured[f], load(server, f, clients, duration, ids, headers))
        for name, result in measured.items():
            rows.append({"endpoint": name, "clients": clients, "workers": workers, **result})
            if name in FLOOR_OF:
                figures.append(_figure(name, clients, result, measured[FLOOR_OF[name]], workers))
    return figures, rows
