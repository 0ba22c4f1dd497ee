"""Percentiles, ratios and the figure record every measurement reports."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any


def percentile(samples: Sequence[float], pct: float) -> float:
    """The ``pct``-th percentile (0-100) by linear interpolation; NaN when empty."""
    if not samples:
        return math.nan
    ordered = sorted(samples)
    if len(ordered) == 1:
        return float(ordered[0])
    rank = (len(ordered) - 1) * pct / 100.0
    low = math.floor(rank)
    high = math.ceil(rank)
    if low == high:
        return float(ordered[low])
    return float(ordered[low] + (ordered[high] - ordered[low]) * (rank - low))


def summary_ms(samples_s: Sequence[float]) -> dict[str, float]:
    """p50/p95/p99 in milliseconds of samples given in seconds."""
    return {f"p{p}": percentile(samples_s, p) * 1000.0 for p in (50, 95, 99)}


def ratio(value: float, baseline: float) -> float:
    """value / baseline; NaN when the baseline is zero or missing."""
    if not baseline or math.isnan(baseline) or math.isnan(value):
        return math.nan
    return value / baseline


@dataclass(frozen=True)
class Target:
    """A bound on a figure's ratio: ``>= 0.8`` or ``<= 1.2``."""

    op: str
    bound: float

    def __post_init__(self) -> None:
        if self.op not in (">=", "<="):
            raise ValueError(f"unknown target operator {self.op!r}")

    def met(self, value: float) -> bool:
        if math.isnan(value):
            return False
        return value >= self.bound if self.op == ">=" else value <= self.bound

    def __str__(self) -> str:
        return f"{self.op} {self.bound:g}x"


@dataclass
class Figure:
    """One measured value beside its baseline, with the ratio and (maybe) a target."""

    section: str
    name: str
    value: float
    unit: str
    baseline_name: str
    baseline: float
    target: Target | None = None
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def ratio(self) -> float:
        return ratio(self.value, self.baseline)

    @property
    def met(self) -> bool | None:
        return None if self.target is None else self.target.met(self.ratio)

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["target"] = str(self.target) if self.target else None
        data["ratio"] = None if math.isnan(self.ratio) else round(self.ratio, 4)
        data["met"] = self.met
        return data
