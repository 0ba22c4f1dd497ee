"""Builders for lead-pipeline tests: a varied history, catching up, and row snapshots."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from psycopg import Connection

from baton.container import Container
from domain.leads import LeadStatus, NewLead
from domain.leads.commands import LeadCommands
from projections.engine import Projection
from tests.builders import ctx

SOURCES = ["website", "referral", "event", "cold call"]
FORWARD = [LeadStatus.CONTACTED, LeadStatus.QUALIFIED, LeadStatus.PROPOSAL_SENT, LeadStatus.CONVERTED]


@dataclass
class History:
    """What a recorded history contains, to check projections against."""

    lead_ids: list[UUID] = field(default_factory=list)
    events: int = 0
    notes: dict[UUID, int] = field(default_factory=dict)
    last_position: int = 0


def record_history(
    leads: LeadCommands, count: int, *, seed: int = 7, notes_per_lead: int = 2, more: History | None = None
) -> History:
    """Register ``count`` leads and move each a seeded-random way through the pipeline.

    Pass ``more`` to add to an earlier history rather than start a new one.
    """
    history = more or History()
    rng = random.Random(seed + len(history.lead_ids))
    start = len(history.lead_ids)
    for i in range(start, start + count):
        result = leads.register(
            ctx(minutes=i),
            NewLead(
                name=f"Contact {i:04d}",
                company=f"Company {i % 17}",
                email=f"contact{i}@example.test",
                source=rng.choice(SOURCES),
                notes="First call went well" if i % 3 == 0 else "",
            ),
        )
        lead_id = result.id
        history.lead_ids.append(lead_id)
        history.notes[lead_id] = 1 if i % 3 == 0 else 0
        history.events += 1
        for step in FORWARD[: rng.randint(0, len(FORWARD))]:
            result = leads.change_status(ctx(minutes=i + 1), lead_id, step)
            history.events += 1
        if result.version < 5 and rng.random() < 0.25:
            result = leads.change_status(ctx(minutes=i + 2), lead_id, LeadStatus.LOST, reason="No budget this year")
            history.events += 1
        for n in range(rng.randint(0, notes_per_lead)):
            result = leads.add_note(ctx(minutes=i + 3), lead_id, f"Follow-up {n}")
            history.notes[lead_id] += 1
            history.events += 1
        history.last_position = result.position
    return history


def catch_up(container: Container, projection: Projection | None = None, **runner_args: Any) -> None:
    """Run a projection (default: the lead pipeline) here until it reaches the log head."""
    runner = container.runner(projection or container.projection("lead_pipeline"), **runner_args)
    with container.source.connect() as conn:
        assert runner.try_lock(conn), "another runner owns the projection"
        try:
            runner.run_until_caught_up(conn)
        finally:
            runner.unlock(conn)


def pipeline_rows(conn: Connection[Any]) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """Every row readers see in the lead pipeline and its notes, in a stable order."""
    leads = conn.execute("SELECT * FROM lead_pipeline ORDER BY id").fetchall()
    notes = conn.execute("SELECT * FROM lead_notes ORDER BY lead_id, version").fetchall()
    return leads, notes
