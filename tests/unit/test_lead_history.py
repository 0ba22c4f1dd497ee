"""What a lead's events record, and how its history is read back."""

from __future__ import annotations

from datetime import timedelta
from uuid import uuid4

import pytest
from eventsourcing.utils import get_topic, resolve_topic

from domain.application import BatonApplication
from domain.context import Actor, CommandContext
from domain.errors import NotFound, StaleVersion
from domain.leads import Lead, LeadStatus, NewLead
from domain.leads.commands import LeadCommands
from domain.leads.history import notes_up_to
from tests.builders import T0, ctx

LEAD_EVENTS = [Lead.Registered, Lead.StatusChanged, Lead.MarkedLost, Lead.NoteAdded]


def test_every_event_carries_actor_correlation_and_time_when_recorded(
    app: BatonApplication, leads: LeadCommands
) -> None:
    manager = Actor.user(uuid4(), "project_manager")
    first = CommandContext(actor=manager, now=T0, correlation_id="corr-1")
    later = CommandContext(
        actor=Actor.system(), now=T0 + timedelta(hours=3), correlation_id="corr-2", causation_id="e9"
    )
    lead_id = leads.register(first, NewLead(name="Avery")).id
    leads.change_status(later, lead_id, LeadStatus.CONTACTED)
    registered, contacted = app.events.get(lead_id)
    assert (registered.actor_id, registered.actor_role, registered.correlation_id) == (
        manager.id,
        "project_manager",
        "corr-1",
    )
    assert registered.timestamp == T0
    assert (contacted.actor_id, contacted.actor_role, contacted.correlation_id, contacted.causation_id) == (
        "system",
        "system",
        "corr-2",
        "e9",
    )
    assert contacted.timestamp == T0 + timedelta(hours=3)
    assert app.load(Lead, lead_id).modified_on == T0 + timedelta(hours=3)


def test_context_refuses_a_naive_time_when_built() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        CommandContext(actor=Actor.system(), now=T0.replace(tzinfo=None))


@pytest.mark.parametrize("event_class", LEAD_EVENTS)
def test_event_class_has_its_own_explicit_topic_when_defined(event_class: type) -> None:
    topic = event_class.__dict__.get("TOPIC")
    assert topic and topic.startswith("baton.lead.")
    assert get_topic(event_class) == topic
    assert resolve_topic(topic) is event_class


def test_lead_topics_are_unique_when_compared() -> None:
    topics = [cls.TOPIC for cls in LEAD_EVENTS] + [Lead.TOPIC]
    assert len(set(topics)) == len(topics)


def test_stored_events_name_their_explicit_topics_when_saved(app: BatonApplication, leads: LeadCommands) -> None:
    lead_id = leads.register(ctx(), NewLead(name="Avery")).id
    leads.add_note(ctx(), lead_id, "hello")
    leads.change_status(ctx(), lead_id, LeadStatus.LOST, reason="no budget")
    stored = app.recorder.select_events(lead_id)
    assert [s.topic for s in stored] == ["baton.lead.Registered", "baton.lead.NoteAdded", "baton.lead.MarkedLost"]


def test_lead_is_read_as_it_stood_when_loaded_at_an_earlier_version(app: BatonApplication, leads: LeadCommands) -> None:
    lead_id = leads.register(ctx(), NewLead(name="Avery")).id
    leads.change_status(ctx(minutes=1), lead_id, LeadStatus.CONTACTED)
    leads.add_note(ctx(minutes=2), lead_id, "Sent the brochure")
    leads.change_status(ctx(minutes=3), lead_id, LeadStatus.LOST, reason="went quiet")
    at_two = app.load(Lead, lead_id, version=2)
    assert (at_two.version, at_two.status, at_two.notes_count) == (2, LeadStatus.CONTACTED, 0)
    assert notes_up_to(app, lead_id, 2) == [] and notes_up_to(app, lead_id, 3) == ["Sent the brochure"]
    assert at_two.modified_on == T0 + timedelta(minutes=1)
    latest = app.load(Lead, lead_id)
    assert (latest.version, latest.status, latest.lost_reason) == (4, LeadStatus.LOST, "went quiet")


def test_loading_is_refused_when_the_version_does_not_exist_yet(app: BatonApplication, leads: LeadCommands) -> None:
    lead_id = leads.register(ctx(), NewLead(name="Avery")).id
    with pytest.raises(NotFound, match="no version 7"):
        app.load(Lead, lead_id, version=7)


def test_loading_is_refused_when_the_id_is_unknown(app: BatonApplication) -> None:
    with pytest.raises(NotFound, match="No lead"):
        app.load(Lead, uuid4())


def test_command_is_refused_when_the_expected_version_is_stale(app: BatonApplication, leads: LeadCommands) -> None:
    lead_id = leads.register(ctx(), NewLead(name="Avery")).id
    leads.add_note(ctx(), lead_id, "first", expected_version=1)
    with pytest.raises(StaleVersion, match="you sent version 1, it is now at version 2"):
        leads.change_status(ctx(), lead_id, LeadStatus.CONTACTED, expected_version=1)
    with pytest.raises(StaleVersion):
        leads.add_note(ctx(), lead_id, "second", expected_version=1)
    assert app.load(Lead, lead_id).version == 2


def test_command_result_reports_version_and_log_position_when_committed(leads: LeadCommands) -> None:
    first = leads.register(ctx(), NewLead(name="Avery"))
    second = leads.register(ctx(), NewLead(name="Blake"))
    moved = leads.change_status(ctx(), first.id, LeadStatus.CONTACTED, expected_version=1)
    assert (first.version, first.position) == (1, 1)
    assert (second.version, second.position) == (1, 2)
    assert (moved.id, moved.version, moved.position) == (first.id, 2, 3)


def test_snapshot_taken_when_leads_carried_note_texts_loads_with_their_count(app: BatonApplication) -> None:
    import json

    from eventsourcing.domain import Snapshot
    from eventsourcing.persistence import StoredEvent

    leads = LeadCommands(app)
    lead_id = leads.register(ctx(), NewLead(name="Avery", notes="first")).id
    leads.add_note(ctx(minutes=1), lead_id, "second")
    stored = app.mapper.to_stored_event(Snapshot.take(app.load(Lead, lead_id)))
    old = json.loads(stored.state)
    # Version 2 of the lead's state kept every note's text instead of a count.
    old["state"]["class_version"] = 2
    old["state"]["notes"] = ["first", "second"]
    old["state"].pop("notes_count")
    snapshot = app.mapper.to_domain_event(
        StoredEvent(stored.originator_id, stored.originator_version, stored.topic, json.dumps(old).encode())
    )
    lead = snapshot.mutate(None)
    assert isinstance(lead, Lead)
    assert (lead.notes_count, lead.version) == (2, 2)
    assert not hasattr(lead, "notes")
