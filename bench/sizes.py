"""How big each part of a run is: the full run and the quick one."""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from typing import Any


@dataclass(frozen=True)
class Sizes:
    """Every knob of a run in one place, so the report can print them."""

    events: int = 200_000
    memory_small: int = 100_000
    memory_large: int = 1_000_000
    write_commands: int = 4_000
    library_slice: int = 10_000
    http_seconds: float = 4.0
    lag_commands: int = 400
    lag_rate: float = 50.0
    load_repeats: int = 50

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


FULL = Sizes()
QUICK = Sizes(
    events=20_000,
    memory_small=5_000,
    memory_large=50_000,
    write_commands=400,
    library_slice=1_500,
    http_seconds=0.6,
    lag_commands=100,
    lag_rate=100.0,
    load_repeats=15,
)


def choose(quick: bool, events: int | None) -> Sizes:
    sizes = QUICK if quick else FULL
    if events:
        sizes = replace(
            sizes,
            events=events,
            memory_small=min(sizes.memory_small, events),
            memory_large=max(sizes.memory_large, events),
        )
    return sizes
