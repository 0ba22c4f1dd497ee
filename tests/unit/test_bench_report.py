"""The bench's arithmetic: percentiles, ratios, targets and the written report."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from bench import report
from bench.sizes import FULL, QUICK, choose
from bench.stats import Figure, Target, percentile, ratio, summary_ms


def test_percentile_interpolates_between_samples_when_rank_falls_between_them() -> None:
    samples = [4.0, 1.0, 3.0, 2.0]  # unsorted on purpose
    assert percentile(samples, 0) == 1.0
    assert percentile(samples, 100) == 4.0
    assert percentile(samples, 50) == pytest.approx(2.5)
    assert percentile(samples, 95) == pytest.approx(3.85)


def test_percentile_is_nan_when_there_are_no_samples() -> None:
    assert math.isnan(percentile([], 50))
    assert percentile([7.0], 99) == 7.0


def test_summary_reports_milliseconds_when_samples_are_seconds() -> None:
    summary = summary_ms([0.001] * 98 + [0.010, 0.020])
    assert summary["p50"] == pytest.approx(1.0)
    assert summary["p99"] > summary["p95"] >= summary["p50"]


def test_ratio_is_nan_when_the_baseline_is_zero() -> None:
    assert ratio(800.0, 1000.0) == pytest.approx(0.8)
    assert math.isnan(ratio(5.0, 0.0))


def test_target_is_met_only_on_the_right_side_of_its_bound_when_checked() -> None:
    at_least = Target(">=", 0.8)
    at_most = Target("<=", 1.2)
    assert at_least.met(0.8) and not at_least.met(0.79)
    assert at_most.met(1.2) and not at_most.met(1.21)
    assert not at_least.met(math.nan)
    with pytest.raises(ValueError):
        Target(">", 1.0)


def test_figure_reports_not_met_with_its_ratio_when_below_target() -> None:
    figure = Figure("write", "Baton vs plain", 600.0, "cmd/s", "plain", 1000.0, Target(">=", 0.8))
    assert figure.ratio == pytest.approx(0.6)
    assert figure.met is False
    assert report.rows([figure])[0][-1] == "NOT met (>= 0.8x)"
    untargeted = Figure("lag", "p50", 5.0, "ms", "commit", 0.5)
    assert untargeted.met is None and untargeted.ratio == pytest.approx(10.0)


def test_report_writes_json_and_markdown_with_every_figure_when_asked(tmp_path: Path) -> None:
    figures = [
        Figure("rebuild", "rebuild vs raw read", 20_000.0, "events/s", "raw read", 100_000.0, Target(">=", 0.25)),
        Figure("memory", "peak RSS", 61.0, "MB", "at 100k", 60.0, Target("<=", 1.2), note="child process"),
    ]
    info = {
        "mode": "quick",
        "database": "machine server",
        "duration_s": 12.0,
        "load_average_1m": {"start": 0.5, "end": 0.7},
        "sizes": QUICK.as_dict(),
        "machine": report.machine("15.0"),
    }
    http_rows = [
        {"endpoint": "list read", "clients": 8, "rps": 500.0, "p50": 3.0, "p95": 9.0, "p99": 12.0, "errors": {}},
        {
            **{"endpoint": "POST /leads", "clients": 8, "workers": 2, "rps": 300.0, "p50": 5.0, "p95": 9.0},
            **{"p99": 12.0, "errors": {}, "api_cpu_ms": 2.5, "runner_cpu_ms": 1.25, "loadgen_cpu_ms": 0.05},
        },
    ]
    json_path, md_path = report.write(tmp_path, "latest-test", figures, info, http_rows)
    data = json.loads(json_path.read_text())
    assert [f["met"] for f in data["figures"]] == [False, True]
    assert data["figures"][0]["ratio"] == pytest.approx(0.2)
    assert data["machine"]["cores"] >= 1
    text = md_path.read_text()
    assert "| rebuild | rebuild vs raw read |" in text and "NOT met (>= 0.25x)" in text
    assert "| list read | 1 | 8 | 500 |" in text  # one API process unless the row says otherwise
    assert "| POST /leads | 2 | 8 | 300 | 5.00 | 9.00 | 12.0 | 0 | 2.500 | 1.250 | 0.050 |" in text


def test_sizes_grow_the_large_memory_run_when_more_events_are_asked_for() -> None:
    assert choose(False, None) == FULL
    bigger = choose(False, 2_000_000)
    assert bigger.events == 2_000_000 and bigger.memory_large == 2_000_000
    assert choose(True, 3_000).memory_small == 3_000
