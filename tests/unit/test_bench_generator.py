"""The history generator writes real lead events through the application, in the asked amount."""

from __future__ import annotations

from collections import Counter

from bench.generator import HistoryWriter
from domain.application import BatonApplication
from domain.leads import Lead


def test_generator_writes_exactly_the_asked_events_when_run_in_two_parts() -> None:
    app = BatonApplication()  # the library's in-memory store
    writer = HistoryWriter(app, batch_events=50)
    writer.write(700)
    writer.write(300)
    notifications = app.recorder.select_notifications(1, 5_000)  # type: ignore[attr-defined]
    assert len(notifications) == 1_000
    topics = Counter(n.topic for n in notifications)
    # A realistic mix: registrations, moves, notes and some losses.
    for topic in ("baton.lead.Registered", "baton.lead.StatusChanged", "baton.lead.NoteAdded", "baton.lead.MarkedLost"):
        assert topics[topic] > 0, topics


def test_generator_samples_leads_that_load_when_asked_for_ids() -> None:
    app = BatonApplication()
    writer = HistoryWriter(app)
    writer.write(500)
    ids = writer.sample_ids("leads")
    assert ids
    lead = app.load(Lead, ids[0])
    assert lead.name.startswith("Contact ")
