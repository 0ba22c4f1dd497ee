"""Drive `wrk` (Debian's package) with a generated Lua script; the Python generator when wrk is missing.

wrk is C with one event loop per thread: on the two shared cores it spends a few
percent of what the server spends per request, and the figure reports how much
(``loadgen_cpu_ms``), so a reader can check the generator is not the bottleneck.
Install it with ``apt-get install -y wrk``; without it the bench falls back to
``bench.loadgen`` (threads and ``http.client``) and reports that generator's CPU.
"""

from __future__ import annotations

import json
import resource
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

_SCRIPT = """
local ids = {%(ids)s}
local method, template, body = %(method)s, %(path)s, %(body)s
%(headers)s
local thread_counter = 0
function setup(thread)
  thread_counter = thread_counter + 1
  thread:set("seed", thread_counter)
end
function init(args)
  math.randomseed(seed * 7919)
end
function request()
  local path = template
  if #ids > 0 then
    path = (string.gsub(template, "{id}", ids[math.random(#ids)]))
  end
  return wrk.format(method, path, nil, body)
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests":%%d,"duration_us":%%d,"non2xx":%%d,"socket_errors":%%d,"p50":%%.1f,"p95":%%.1f,"p99":%%.1f}\\n',
    summary.requests, summary.duration, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""


def _lua(value: str | None) -> str:
    return "nil" if value is None else json.dumps(value)  # a JSON string is a valid Lua string literal here


def available() -> bool:
    return shutil.which("wrk") is not None


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_wrk(spec: dict[str, Any]) -> dict[str, Any]:
    """One closed-loop run of ``spec`` (method, path with {id}, body, headers, ids, concurrency, duration)."""
    headers = {"Content-Type": "application/json", **spec.get("headers", {})}
    body = json.dumps(spec["body"]) if spec.get("body") is not None else None
    script = _SCRIPT % {
        "ids": ",".join(json.dumps(str(i)) for i in spec.get("ids") or []),
        "method": _lua(spec["method"]),
        "path": _lua(spec["path"]),
        "body": _lua(body),
        "headers": "\n".join(f"wrk.headers[{_lua(k)}] = {_lua(v)}" for k, v in headers.items()),
    }
    clients = int(spec["concurrency"])
    with tempfile.TemporaryDirectory(prefix="bench-wrk-") as tmp:
        path = Path(tmp) / "load.lua"
        path.write_text(script)
        command = [
            "wrk",
            f"-t{min(clients, 2)}",
            f"-c{clients}",
            f"-d{max(int(round(spec['duration'])), 1)}s",
            "--timeout",
            "30s",
            "-s",
            str(path),
            f"http://{spec['host']}:{spec['port']}",
        ]
        before = _children_cpu()
        done = subprocess.run(command, capture_output=True, text=True, timeout=spec["duration"] + 120, check=True)  # noqa: S603
        cpu = _children_cpu() - before
    line = next(ln for ln in reversed(done.stdout.splitlines()) if ln.startswith("{"))
    raw = json.loads(line)
    seconds = raw["duration_us"] / 1e6
    ok = raw["requests"] - raw["non2xx"]
    errors = {"non-2xx": raw["non2xx"]} if raw["non2xx"] else {}
    if raw["socket_errors"]:
        errors["socket"] = raw["socket_errors"]
    return {
        "generator": "wrk",
        "requests": raw["requests"],
        "ok": ok,
        "errors": errors,
        "seconds": seconds,
        "rps": ok / seconds,
        "p50": raw["p50"] / 1000,
        "p95": raw["p95"] / 1000,
        "p99": raw["p99"] / 1000,
        "loadgen_cpu_s": cpu,
    }


def run_python(spec: dict[str, Any]) -> dict[str, Any]:
    """The same run with ``bench.loadgen`` in its own process (its CPU measured the same way)."""
    before = _children_cpu()
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "bench.loadgen"],
        input=json.dumps({**spec, "warmup": 0.0}),
        capture_output=True,
        text=True,
        timeout=spec["duration"] + 120,
        check=True,
    )
    cpu = _children_cpu() - before
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return {**result, "generator": "python", "seconds": spec["duration"], "loadgen_cpu_s": cpu}


def run(spec: dict[str, Any]) -> dict[str, Any]:
    return run_wrk(spec) if available() else run_python(spec)
