"""Figure 6: loading a lead with 10 events beside the worst case of a long one.

Leads snapshot every ``snapshot_every`` events of their entry in domain/registry.py,
so a long lead loads from its latest snapshot plus the events after it. The worst
case is a lead ``interval - 1`` events past its latest snapshot: here 10,000
events and then ``interval - 1`` more. The same loads without snapshots are
reported for contrast (no target).
"""

from __future__ import annotations

import statistics
import time
from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid4

from baton.container import Container, eventsourcing_env
from bench.stats import Figure, Target
from domain.application import BatonApplication
from domain.context import Actor, CommandContext
from domain.leads import Lead, NewLead
from domain.registry import snapshot_intervals

ACTOR = Actor.user("0" * 32, "support_agent")
T0 = datetime(2024, 5, 6, 9, 0, tzinfo=UTC)


def _lead_with(container: Container, events: int) -> UUID:
    """A lead whose history is ``events`` long: registered, then notes (a long thread)."""
    lead = Lead.register(CommandContext(ACTOR, T0), uuid4(), NewLead(name=f"Lead with {events} events", source="bench"))
    pending = 1
    for i in range(events - 1):
        lead.add_note(CommandContext(ACTOR, T0 + timedelta(minutes=i)), f"Thread message {i}: short reply")
        pending += 1
        if pending >= 500:
            container.app.commit(lead)
            pending = 0
    if pending:
        container.app.commit(lead)
    return lead.id


def _median_loads(app: BatonApplication, short_id: UUID, long_id: UUID, repeats: int) -> tuple[float, float]:
    """Median load times of both leads, loaded alternately so noise falls on both alike."""
    app.load(Lead, short_id)  # warm caches and connections
    app.load(Lead, long_id)
    times: dict[UUID, list[float]] = {short_id: [], long_id: []}
    for _ in range(repeats):
        for lead_id in (short_id, long_id):
            started = time.perf_counter()
            app.load(Lead, lead_id)
            times[lead_id].append(time.perf_counter() - started)
    return statistics.median(times[short_id]), statistics.median(times[long_id])


def _snapshot_kb(container: Container, lead_id: UUID) -> float:
    """Size of the long lead's latest stored snapshot."""
    snapshots = container.app.snapshots
    if snapshots is None:
        return 0.0
    latest = list(snapshots.recorder.select_events(lead_id, desc=True, limit=1))
    return len(latest[0].state) / 1024 if latest else 0.0


def measure(container: Container, *, repeats: int) -> list[Figure]:
    interval = snapshot_intervals().get(Lead) or 1
    short_id = _lead_with(container, 10)
    long_events = 10_000 + interval - 1  # the worst case: interval - 1 events past the latest snapshot
    long_id = _lead_with(container, long_events)
    snapshot_kb = _snapshot_kb(container, long_id)
    snap_short, snap_long = _median_loads(container.app, short_id, long_id, repeats)
    # Snapshots turned off: every load replays all events of the same log.
    plain = BatonApplication(env=eventsourcing_env(container.conninfo, container.schema), snapshot_every={})
    try:
        replay_short, replay_long = _median_loads(plain, short_id, long_id, max(repeats // 4, 3))
    finally:
        plain.close()
    return [
        Figure(
            "aggregate",
            f"load a lead {interval - 1} events past its snapshot ({long_events:,} events)",
            snap_long * 1000,
            "ms",
            "load 10-event lead",
            snap_short * 1000,
            Target("<=", 2.0),
            f"the worst case: snapshot every {interval} events ({snapshot_kb:,.1f} KB for the long lead);"
            f" median of {repeats} loads of each, alternating",
        ),
        Figure(
            "aggregate",
            f"load {long_events:,}-event lead (no snapshots)",
            replay_long * 1000,
            "ms",
            "load 10-event lead",
            replay_short * 1000,
            None,
            "full replay, for contrast",
        ),
    ]
