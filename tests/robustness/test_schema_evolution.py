"""Old event shapes keep loading after a class moves on: Lead.Registered v1 (no website) under v2."""

from __future__ import annotations

import json
from collections.abc import Iterator
from uuid import UUID, uuid5

import pytest
from eventsourcing.domain import Snapshot
from eventsourcing.persistence import StoredEvent

from baton.container import Container, build
from domain.leads import Lead, LeadStatus, NewLead
from tests.builders import ctx, settings
from tests.builders.schemas import fresh_schema as scratch_schema
from tests.robustness.ledger import connect, projection_facts, rebuild_from_scratch

NAMESPACE = UUID("6c1f1b5e-8a55-4f0c-9a56-0c6a7b7e2f10")


@pytest.fixture
def container(database_url: str, schema: str) -> Iterator[Container]:
    built = build(settings(database_url, schema))
    try:
        yield built
    finally:
        built.close()


def as_version_1(stored: StoredEvent) -> StoredEvent:
    """The stored form Lead.Registered had before version 2: no website, no class_version."""
    state = json.loads(stored.state)
    assert state.pop("class_version") == 2, "today's Registered should be stored as version 2"
    del state["website"]
    return StoredEvent(
        originator_id=stored.originator_id,
        originator_version=stored.originator_version,
        topic=stored.topic,
        state=json.dumps(state).encode(),
    )


def register_as_version_1(container: Container, lead_id: UUID, name: str, minutes: int) -> None:
    """Write a v1-shaped registration straight into the log, as an old release did."""
    lead = Lead.register(ctx(minutes=minutes), lead_id, NewLead(name=name, company="Old Shape Ltd", source="archive"))
    stored = container.app.mapper.to_stored_event(lead.collect_events()[0])
    container.app.recorder.insert_events([as_version_1(stored)])


def record_history(container: Container, *, old_shape: set[int]) -> None:
    """Ten leads, the ones numbered in ``old_shape`` registered in the v1 shape, then worked today."""
    for n in range(10):
        lead_id = uuid5(NAMESPACE, f"lead-{n}")
        name = f"Lead {n}"
        if n in old_shape:
            register_as_version_1(container, lead_id, name, minutes=n)
        else:
            container.leads.register(
                ctx(minutes=n), NewLead(name=name, company="Old Shape Ltd", source="archive"), lead_id=lead_id
            )
        container.leads.add_note(ctx(minutes=n + 20), lead_id, f"called lead {n}")
        container.leads.change_status(ctx(minutes=n + 40), lead_id, LeadStatus.CONTACTED)


def test_lead_stored_in_version_1_shape_loads_after_registered_moves_to_version_2(container: Container) -> None:
    lead_id = uuid5(NAMESPACE, "old")
    register_as_version_1(container, lead_id, "Old Lead", minutes=0)
    raw = list(container.app.recorder.select_events(lead_id))
    assert b"website" not in raw[0].state and b"class_version" not in raw[0].state

    lead = container.app.load(Lead, lead_id)
    assert (lead.name, lead.company, lead.website, lead.status) == ("Old Lead", "Old Shape Ltd", "", LeadStatus.NEW)
    # It keeps working as a lead of today.
    result = container.leads.change_status(ctx(minutes=1), lead_id, LeadStatus.CONTACTED, expected_version=1)
    assert result.version == 2
    assert container.app.load(Lead, lead_id).status is LeadStatus.CONTACTED


def test_lead_registered_today_records_its_website(container: Container) -> None:
    result = container.leads.register(ctx(), NewLead(name="New Lead", website=" https://new.example "))
    assert container.app.load(Lead, result.id).website == "https://new.example"


def test_lead_snapshot_taken_before_version_2_still_loads(container: Container) -> None:
    result = container.leads.register(ctx(), NewLead(name="Snapshotted", company="Old Shape Ltd"))
    stored = container.app.mapper.to_stored_event(Snapshot.take(container.app.load(Lead, result.id)))
    old = json.loads(stored.state)
    old["state"].pop("class_version")
    old["state"].pop("website")
    snapshot = container.app.mapper.to_domain_event(
        StoredEvent(stored.originator_id, stored.originator_version, stored.topic, json.dumps(old).encode())
    )
    lead = snapshot.mutate(None)
    assert isinstance(lead, Lead)
    assert (lead.name, lead.website) == ("Snapshotted", "")


def test_projection_rebuilt_over_mixed_versions_gives_the_same_rows(container: Container, database_url: str) -> None:
    record_history(container, old_shape={0, 2, 3, 7})
    rebuild_from_scratch(container)
    with connect(database_url, container.schema) as conn:
        mixed = projection_facts(conn)
        websites = {r[0] for r in conn.execute("SELECT website FROM lead_pipeline").fetchall()}

    with scratch_schema(database_url) as today_schema:
        today = build(settings(database_url, today_schema))
        try:
            record_history(today, old_shape=set())
            rebuild_from_scratch(today)
        finally:
            today.close()
        with connect(database_url, today_schema) as conn:
            current = projection_facts(conn)

    assert websites == {""}
    assert (mixed.leads, mixed.notes) == (current.leads, current.notes) == (10, 10)
    assert mixed.digest == current.digest, "a lead stored in the old shape projects differently"
