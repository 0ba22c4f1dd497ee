"""The machine a run measured on, and the table, JSON and Markdown it leaves behind."""

from __future__ import annotations

import json
import math
import os
import platform
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from bench.stats import Figure

LIBRARIES = ("eventsourcing", "psycopg", "psycopg-pool", "fastapi", "uvicorn", "pydantic", "starlette")


def machine(pg_version: str) -> dict[str, Any]:
    import psutil

    cpu = platform.processor() or "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = {}
    for name in LIBRARIES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "-"
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "ram_gb": round(psutil.virtual_memory().total / 2**30, 1),
        "os": platform.platform(),
        "python": platform.python_version(),
        "postgresql": pg_version,
        "libraries": versions,
    }


def _num(value: float) -> str:
    if value is None or math.isnan(value):
        return "n/a"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:,.1f}"
    return f"{value:,.2f}"


def _cpu(row: dict[str, Any], key: str) -> str:
    value = row.get(key)
    return "-" if value is None else f"{value:.3f}"


def _verdict(figure: Figure) -> str:
    if figure.met is None:
        return "-"
    return f"met ({figure.target})" if figure.met else f"NOT met ({figure.target})"


def rows(figures: list[Figure]) -> list[list[str]]:
    return [
        [
            f.section,
            f.name,
            f"{_num(f.value)} {f.unit}",
            f"{_num(f.baseline)} {f.unit}",
            f.baseline_name,
            "n/a" if math.isnan(f.ratio) else f"{f.ratio:.3f}x",
            _verdict(f),
        ]
        for f in figures
    ]


HEADERS = ["area", "figure", "Baton", "baseline", "baseline is", "ratio", "target"]


def print_table(console: Console, figures: list[Figure], title: str) -> None:
    table = Table(title=title, show_lines=False)
    for header in HEADERS:
        table.add_column(header, overflow="fold")
    for row in rows(figures):
        style = "red" if row[-1].startswith("NOT") else ("green" if row[-1].startswith("met") else None)
        table.add_row(*row, style=style)
    console.print(table)


def write(
    out_dir: Path, stem: str, figures: list[Figure], info: dict[str, Any], http_rows: list[dict[str, Any]]
) -> tuple[Path, Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    info = {**info, "written_at": datetime.now(UTC).isoformat(timespec="seconds")}
    payload = {**info, "figures": [f.as_dict() for f in figures], "http": http_rows}
    json_path = out_dir / f"{stem}.json"
    json_path.write_text(json.dumps(payload, indent=2, default=str) + "\n")
    md_path = out_dir / f"{stem}.md"
    md_path.write_text(markdown(figures, info, http_rows))
    return json_path, md_path


def markdown(figures: list[Figure], info: dict[str, Any], http_rows: list[dict[str, Any]]) -> str:
    m = info["machine"]
    libs = ", ".join(f"{k} {v}" for k, v in m["libraries"].items())
    lines = [
        f"# Baton benchmark ({info['mode']} run)",
        "",
        f"Written {info['written_at']} in {info['duration_s']:.0f} s.",
        "",
        f"- Machine: {m['cpu']}, {m['cores']} cores, {m['ram_gb']} GB RAM, {m['os']}",
        f"- Python {m['python']}, PostgreSQL {m['postgresql']} ({info['database']})",
        f"- Libraries: {libs}",
        f"- Machine load (1-minute average) at start / end: {info['load_average_1m']['start']} /"
        f" {info['load_average_1m']['end']} on {m['cores']} cores",
        "- Sizes: " + ", ".join(f"{k} {v:,}" if isinstance(v, int) else f"{k} {v}" for k, v in info["sizes"].items()),
        "",
        "| " + " | ".join(HEADERS) + " |",
        "|" + "---|" * len(HEADERS),
    ]
    lines += ["| " + " | ".join(r) + " |" for r in rows(figures)]
    notes = [f"- **{f.name}**: {f.note}" for f in figures if f.note]
    if notes:
        lines += ["", "Notes:", "", *notes]
    if http_rows:
        lines += [
            "",
            "HTTP detail (requests/s, latency in ms, CPU per request in ms of the API processes, the runner child"
            " and the load generator):",
            "",
            "| endpoint | API processes | clients | req/s | p50 | p95 | p99 | non-2xx | API CPU | runner CPU | generator CPU |",
            "|---|---|---|---|---|---|---|---|---|---|---|",
        ]
        for r in http_rows:
            errors = sum(r["errors"].values())
            lines.append(
                f"| {r['endpoint']} | {r.get('workers', 1)} | {r['clients']} | {_num(r['rps'])} | {_num(r['p50'])}"
                f" | {_num(r['p95'])} | {_num(r['p99'])} | {errors} | {_cpu(r, 'api_cpu_ms')}"
                f" | {_cpu(r, 'runner_cpu_ms')} | {_cpu(r, 'loadgen_cpu_ms')} |"
            )
    return "\n".join(lines) + "\n"
