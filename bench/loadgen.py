"""A closed-loop HTTP load generator, run as its own process.

Reads a JSON spec on stdin, keeps ``concurrency`` keep-alive connections busy
for ``duration`` seconds (after a short warm-up), and prints one JSON line:
requests/s, error count and p50/p95/p99 latency. Threads and ``http.client``
keep it dependency-free; being a separate process, its CPU is not the server's.
"""

from __future__ import annotations

import http.client
import json
import random
import sys
import threading
import time
from typing import Any

from bench.stats import summary_ms


def _worker(spec: dict[str, Any], start: threading.Barrier, out: list[tuple[float, float, int]], seed: int) -> None:
    rng = random.Random(seed)
    conn = http.client.HTTPConnection(spec["host"], spec["port"], timeout=30)
    headers = {"Content-Type": "application/json", **spec.get("headers", {})}
    body = json.dumps(spec["body"]).encode() if spec.get("body") is not None else None
    ids = spec.get("ids") or [""]
    start.wait()
    warm_until = time.perf_counter() + spec["warmup"]
    stop_at = warm_until + spec["duration"]
    while True:
        path = spec["path"].replace("{id}", str(rng.choice(ids)))
        sent = time.perf_counter()
        if sent >= stop_at:
            break
        try:
            conn.request(spec["method"], path, body=body, headers=headers)
            response = conn.getresponse()
            response.read()
            status = response.status
        except (OSError, http.client.HTTPException):
            status = 0
            conn.close()
            conn = http.client.HTTPConnection(spec["host"], spec["port"], timeout=30)
        done = time.perf_counter()
        if sent >= warm_until:
            out.append((sent, done - sent, status))
    conn.close()


def run(spec: dict[str, Any]) -> dict[str, Any]:
    concurrency = int(spec["concurrency"])
    results: list[list[tuple[float, float, int]]] = [[] for _ in range(concurrency)]
    barrier = threading.Barrier(concurrency)
    threads = [
        threading.Thread(target=_worker, args=(spec, barrier, results[i], i + 1), daemon=True)
        for i in range(concurrency)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    samples = [s for per in results for s in per]
    ok = [latency for _, latency, status in samples if 200 <= status < 300]
    errors: dict[str, int] = {}
    for _, _, status in samples:
        if not 200 <= status < 300:
            errors[str(status)] = errors.get(str(status), 0) + 1
    return {
        "requests": len(samples),
        "ok": len(ok),
        "errors": errors,
        "rps": len(ok) / spec["duration"],
        **summary_ms(ok),
    }


def main() -> None:
    spec = json.loads(sys.stdin.read())
    print(json.dumps(run(spec)))


if __name__ == "__main__":
    main()
