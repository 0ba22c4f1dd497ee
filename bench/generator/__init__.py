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

    # The most events one step writes.
    most_events: int

    def ready(self) -> bool:
        """Whether a step can run now (a share that works for clients waits until there is one)."""
        ...

    def step(self, ctx: CommandContext) -> BatonAggregate | tuple[BatonAggregate, ...]:
        """Run one command (at most ``most_events`` events) and return the aggregate (or aggregates) it changed."""
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
    from bench.generator.billing import BillingHistory
    from bench.generator.delivery import DeliveryHistory
    from bench.generator.leads import LeadHistory
    from bench.generator.tickets import TicketHistory
    from bench.generator.timekeeping import TimeHistory

    delivery: list[DeliveryHistory] = []

    def start_delivery(rng: random.Random) -> DeliveryHistory:
        delivery.append(DeliveryHistory(rng))
        return delivery[0]

    def start_billing(rng: random.Random) -> BillingHistory:
        # Proposals and invoices go to the delivery share's clients, about two proposals each.
        return BillingHistory(rng, clients=lambda: delivery[0].clients if delivery else [])

    # An agency's delivery (clients, projects, tasks) writes about three events for each of its sales pipeline;
    # billing (proposals, invoices, payments) about half as many as the pipeline.
    return [
        ShareSpec("leads", 1.0, LeadHistory),
        ShareSpec("delivery", 3.0, start_delivery),
        # Time is the largest stream: several entries per person per working day (about two events each).
        ShareSpec("time", 3.0, TimeHistory),
        # About two tickets open per client at any time; a ticket's thread writes about as much as a lead's life.
        ShareSpec(
            "tickets", 1.0, lambda rng: TicketHistory(rng, clients=lambda: delivery[0].clients if delivery else [])
        ),
        # Listed last so the other shares keep their seeds.
        ShareSpec("billing", 0.5, start_billing),
    ]


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
            written = 0
            seen: dict[UUID, int] = {}  # each aggregate's pending events so far in this batch
            while written < count:
                name = self._pick(room=count - written)
                self.clock += timedelta(seconds=self.rng.randint(5, 600))
                ctx = CommandContext(actor=self.rng.choice(STAFF), now=self.clock)
                changed = self.shares[name].step(ctx)
                # A step may change two aggregates saved together (an invoice and its number series).
                for aggregate in changed if isinstance(changed, tuple) else (changed,):
                    # Events are counted as they are, so the log holds exactly the number asked for.
                    now = len(aggregate.pending_events)
                    written += now - seen.get(aggregate.id, 0)
                    seen[aggregate.id] = now
                    pending[aggregate.id] = aggregate
            self.app.commit(*pending.values())
            self.written += written
            if on_progress is not None:
                on_progress(self.written)
        return time.perf_counter() - started

    def _pick(self, room: int) -> str:
        """A share by weight, among those ready whose step cannot write more than ``room`` events."""
        fits = [
            (n, w)
            for n, w in zip(self._names, self._weights, strict=True)
            if self.shares[n].most_events <= room and self.shares[n].ready()
        ]
        return self.rng.choices([n for n, _ in fits], [w for _, w in fits])[0]

    def sample_ids(self, share: str) -> list[UUID]:
        return self.shares[share].sample_ids()
