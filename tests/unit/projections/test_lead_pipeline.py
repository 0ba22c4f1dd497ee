"""The lead pipeline's rows, notes and counts, given lead events: no PostgreSQL, the in-memory writer."""

from __future__ import annotations

from uuid import UUID

from domain.application import BatonApplication
from domain.leads import LeadStatus, NewLead
from domain.leads.commands import LeadCommands
from projections.engine import MemoryWriter, replay
from projections.leads import LeadPipeline
from tests.builders import T0, ctx
from tests.unit.projections.log import events_of

S = LeadStatus


def project(app: BatonApplication, view: MemoryWriter | None = None, *, batch: int = 1) -> MemoryWriter:
    return replay(LeadPipeline(), events_of(app), view, batch=batch)


def register(leads: LeadCommands, name: str, **fields: str) -> UUID:
    return leads.register(ctx(), NewLead(name=name, **fields)).id


def test_registered_lead_is_a_new_row_with_its_first_note_when_it_has_one(
    app: BatonApplication, leads: LeadCommands
) -> None:
    lead = register(leads, "Avery Stone", company="Granite", source="website", notes="Met at the fair")

    view = project(app)

    (row,) = view.rows("lead_pipeline")
    assert row["id"] == lead
    assert (row["name"], row["company"], row["status"], row["notes_count"]) == ("Avery Stone", "Granite", "new", 1)
    assert (row["created_at"], row["updated_at"], row["version"], row["position"]) == (T0, T0, 1, 1)
    assert [(n["version"], n["text"]) for n in view.rows("lead_notes")] == [(1, "Met at the fair")]
    assert view.rows("lead_counts") == [{"status": "new", "source": "website", "leads": 1}]


def test_lead_moves_status_and_keeps_counts_per_status_and_source_when_it_changes(
    app: BatonApplication, leads: LeadCommands
) -> None:
    moved = register(leads, "Moved", source="referral")
    register(leads, "Stays", source="referral")
    leads.change_status(ctx(minutes=5), moved, S.CONTACTED)
    leads.change_status(ctx(minutes=6), moved, S.LOST, reason="No budget")

    view = project(app)

    rows = {r["name"]: r for r in view.rows("lead_pipeline")}
    assert (rows["Moved"]["status"], rows["Moved"]["lost_reason"], rows["Moved"]["version"]) == ("lost", "No budget", 3)
    assert rows["Moved"]["updated_at"] > rows["Moved"]["created_at"]
    assert view.rows("lead_counts") == [
        {"status": "lost", "source": "referral", "leads": 1},
        {"status": "new", "source": "referral", "leads": 1},
    ]


def test_notes_are_counted_on_the_row_and_kept_in_order_when_added(app: BatonApplication, leads: LeadCommands) -> None:
    lead = register(leads, "Chatty")
    for i in range(3):
        leads.add_note(ctx(minutes=i), lead, f"note {i}")

    view = project(app)

    assert view.rows("lead_pipeline")[0]["notes_count"] == 3
    assert [n["text"] for n in sorted(view.rows("lead_notes"), key=lambda n: n["version"])] == [
        "note 0",
        "note 1",
        "note 2",
    ]


def test_rows_are_the_same_when_a_lead_is_split_across_batches(app: BatonApplication, leads: LeadCommands) -> None:
    for i in range(4):
        lead = register(leads, f"Lead {i}", source=("website", "referral")[i % 2])
        leads.change_status(ctx(minutes=1), lead, S.CONTACTED)
        leads.add_note(ctx(minutes=2), lead, "called")
        if i % 2:
            leads.change_status(ctx(minutes=3), lead, S.QUALIFIED)

    whole, in_twos, one_by_one = project(app, batch=500), project(app, batch=2), project(app)

    for table in ("lead_pipeline", "lead_notes", "lead_counts"):
        assert in_twos.rows(table) == one_by_one.rows(table) == whole.rows(table)


def test_replaying_the_whole_log_changes_no_row_and_no_count(app: BatonApplication, leads: LeadCommands) -> None:
    lead = register(leads, "Twice", source="website", notes="first")
    leads.change_status(ctx(minutes=1), lead, S.CONTACTED)
    leads.add_note(ctx(minutes=2), lead, "second")
    view = project(app)
    before = {t: view.rows(t) for t in ("lead_pipeline", "lead_notes", "lead_counts")}

    project(app, view, batch=500)

    assert {t: view.rows(t) for t in before} == before
