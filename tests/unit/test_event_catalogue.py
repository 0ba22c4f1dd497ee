"""The event catalogue in docs/ is generated from the code and kept current."""

from __future__ import annotations

import ast
from pathlib import Path

from eventsourcing.utils import resolve_topic

from baton.event_catalogue import DEFAULT_PATH, catalogue, event_classes, main, render

DOMAIN = Path(__file__).resolve().parents[2] / "domain"


def test_docs_events_md_matches_the_code_when_committed() -> None:
    assert DEFAULT_PATH.read_text() == render(), "docs/events.md is out of date: run `make docs` and commit it"


def _aggregates_in_source() -> set[str]:
    names = set()
    for path in DOMAIN.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ClassDef) and any(
                isinstance(b, ast.Name) and b.id == "BatonAggregate" for b in node.bases
            ):
                names.add(node.name)
    return names


def test_every_aggregate_in_the_domain_is_catalogued_when_it_is_written() -> None:
    assert {a.name for a in catalogue()} == _aggregates_in_source()


def test_every_event_has_a_unique_explicit_topic_when_catalogued() -> None:
    entries = catalogue()
    topics = [e.topic for a in entries for e in a.events] + [a.topic for a in entries]
    assert len(topics) == len(set(topics))
    for aggregate in entries:
        assert aggregate.events, f"{aggregate.name} records no events"
        area = aggregate.topic.rsplit(".", 1)[0]
        for event in aggregate.events:
            assert event.topic.startswith(area + "."), event.topic
            assert resolve_topic(event.topic).__name__ == event.name
            assert event.summary != "(undocumented)", f"{event.topic} needs a one-line docstring"


def test_aliases_are_listed_once_when_an_aggregate_names_its_created_event() -> None:
    from domain.leads import Lead

    assert [c.__name__ for c in event_classes(Lead)] == [
        "Registered",
        "StatusChanged",
        "MarkedLost",
        "Edited",
        "Reopened",
        "NoteAdded",
        "ConvertedToClient",
    ]
    (lead,) = [a for a in catalogue() if a.name == "Lead"]
    registered = lead.events[0]
    assert registered.creates and ("name", "str") in registered.fields
    assert not {"actor_id", "timestamp", "originator_id"} & {f for f, _ in registered.fields}


def test_check_fails_when_the_file_is_stale_and_passes_once_written(tmp_path: Path) -> None:
    path = tmp_path / "events.md"
    path.write_text("# old\n")
    assert main(["--check", str(path)]) == 1
    assert main([str(path)]) == 0
    assert main(["--check", str(path)]) == 0
