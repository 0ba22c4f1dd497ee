"""Writes a realistic agency history through Baton's application layer.

Each business area contributes a *share*: a stream of domain commands on
in-memory aggregates, picked by weight so the mix of events stays realistic as
modules land (clients, projects, tasks, time, tickets, invoices add theirs to
``SHARES``). Commands are real domain methods; events are saved with
``BatonApplication.commit`` (mapper, transcoder, recorder, snapshots), several
commands per transaction so a million events take minutes, not hours.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Protocol
from uuid import UUID

from domain.aggregate import BatonAggregate
from domain.application import BatonApplication
from domain.context import Actor, CommandContext


class HistoryShare(Protocol):
    """One business area's stream of commands."""

    def step(self, ctx: CommandContext) -> BatonAggregate:
        """Run one command (one event) and return the aggregate it changed."""
        ...

    def sample_ids(self) -> list[UUID]:
        """A few ids of records this share created, for reads in other figures."""
        ...


@dataclass(frozen=True)
class ShareSpec:
    """A registered share: its name, its weight in the mix and how to start it."""

    name: str
    weight: float
    start: Callable[[random.Random], HistoryShare]


def _shares() -> list[ShareSpec]:
    from bench.generator.leads import LeadHistory

    return [ShareSpec("leads", 1.0, LeadHistory)]


STAFF = [Actor.user(f"{i:032x}", role) for i, role in enumerate(["employee"] * 6 + ["project_manager", "admin"], 1)]


@dataclass
class HistoryWriter:
    """Drives every share until the log holds the requested number of events."""

    app: BatonApplication
    seed: int = 7
    batch_events: int = 200
    written: int = 0
    clock: datetime = field(default_factory=lambda: datetime(2023, 1, 2, 8, 0, tzinfo=UTC))

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)
        specs = _shares()
        self.shares = {spec.name: spec.start(random.Random(self.seed + i)) for i, spec in enumerate(specs)}
        self._names = [spec.name for spec in specs]
        self._weights = [spec.weight for spec in specs]

    def write(self, events: int, on_progress: Callable[[int], None] | None = None) -> float:
        """Append ``events`` more events; returns the seconds it took."""
        started = time.perf_counter()
        target = self.written + events
        while self.written < target:
            pending: dict[UUID, BatonAggregate] = {}
            count = min(self.batch_events, target - self.written)
            for _ in range(count):
                name = self.rng.choices(self._names, self._weights)[0]
                self.clock += timedelta(seconds=self.rng.randint(5, 600))
                ctx = CommandContext(actor=self.rng.choice(STAFF), now=self.clock)
                aggregate = self.shares[name].step(ctx)
                pending[aggregate.id] = aggregate
            self.app.commit(*pending.values())
            self.written += count
            if on_progress is not None:
                on_progress(self.written)
        return time.perf_counter() - started

    def sample_ids(self, share: str) -> list[UUID]:
        return self.shares[share].sample_ids()
