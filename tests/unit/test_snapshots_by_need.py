"""Snapshots are taken from the aggregate just saved, and often enough that the worst load stays short."""

from __future__ import annotations

from typing import Any
from unittest import mock
from uuid import uuid4

from domain.application import BatonApplication
from domain.leads import Lead, NewLead
from domain.leads.commands import LeadCommands
from domain.registry import snapshot_intervals
from tests.builders import ctx


def _state(aggregate: Any) -> dict[str, Any]:
    return {k: v for k, v in vars(aggregate).items() if k != "_pending_events"}


def _snapshot_versions(app: BatonApplication, lead_id: Any) -> list[int]:
    assert app.snapshots is not None
    return sorted(s.originator_version for s in app.snapshots.get(lead_id))


def test_a_lead_is_snapshotted_from_memory_without_reloading_when_a_save_reaches_its_interval() -> None:
    app = BatonApplication()
    leads = LeadCommands(app)
    interval = snapshot_intervals()[Lead]
    lead_id = leads.register(ctx(), NewLead(name="Long thread")).id
    for i in range(interval - 2):
        leads.add_note(ctx(), lead_id, f"note {i}")
    assert _snapshot_versions(app, lead_id) == []
    with mock.patch.object(app, "take_snapshot", wraps=app.take_snapshot) as reload_to_snapshot:
        leads.add_note(ctx(), lead_id, "the one that reaches the interval")
    assert reload_to_snapshot.call_count == 0
    assert _snapshot_versions(app, lead_id) == [interval]
    assert app.snapshots is not None
    restored = list(app.snapshots.get(lead_id, desc=True, limit=1))[0].mutate(None)
    assert _state(restored) == _state(app.load(Lead, lead_id))


def test_the_worst_case_load_replays_fewer_than_its_interval_when_a_lead_has_a_long_history() -> None:
    app = BatonApplication()
    interval = snapshot_intervals()[Lead]
    assert interval <= 25, "the worst case (interval - 1 events past a snapshot) must load within 2x a short lead"
    lead = Lead.register(ctx(), uuid4(), NewLead(name="Long thread"))
    for i in range(3 * interval - 2):
        lead.add_note(ctx(), f"note {i}")
    app.commit(lead)  # one save crossing two multiples: the earlier one is taken the library's way
    assert _snapshot_versions(app, lead.id) == [interval, 2 * interval]
    replayed = list(app.events.get(lead.id, gt=2 * interval))
    assert len(replayed) == interval - 1
