"""The time log's rows, given time, project, task, client and contract events: no PostgreSQL, the in-memory writer."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from uuid import UUID

import pytest

from domain.application import BatonApplication
from domain.billing.contract_commands import ContractCommands
from domain.projects import ProjectChanges
from projections.engine import MemoryWriter, Row, replay
from projections.time import TimeLog, history
from tests.unit.billing.builders import ADMIN, approved_proposal, at, client_user, new_contract
from tests.unit.delivery.agency import Agency
from tests.unit.projections.log import events_of
from tests.unit.time.desk import Desk


@pytest.fixture
def desk(app: BatonApplication) -> Desk:
    return Desk(Agency(app))


def view(desk: Desk) -> MemoryWriter:
    return replay(TimeLog(), events_of(desk.agency.app))


def entries(view: MemoryWriter) -> dict[UUID, Row]:
    return {row["id"]: row for row in view.rows("time_entries")}


def test_an_entry_is_one_row_with_its_place_hours_and_tags_when_logged(desk: Desk) -> None:
    entry_id = desk.log("1.5", note="Kickoff", tags=("Meetings",)).id
    row = entries(view(desk))[entry_id]
    assert (row["day"], row["hours"], row["note"], row["tags"], row["off_plan"], row["deleted"]) == (
        date(2026, 2, 20),
        Decimal("1.50"),
        "Kickoff",
        "Meetings",
        True,
        False,
    )
    assert (row["task_id"], row["project_id"], row["client_id"]) == (desk.task, desk.project, desk.agency.ids["client"])
    assert row["person_id"] == desk.agency.ids["member"] and row["version"] == 1


def test_a_corrected_entry_shows_its_new_values_and_a_deleted_one_is_flagged(desk: Desk) -> None:
    kept, dropped = desk.log("2").id, desk.log("3").id
    desk.correct(kept, hours=Decimal(4), day=date(2026, 2, 21), tags=())
    desk.time.delete(desk.agency.as_("member"), dropped)
    rows = entries(view(desk))
    assert (rows[kept]["hours"], rows[kept]["day"], rows[kept]["off_plan"], rows[kept]["version"]) == (
        Decimal(4),
        date(2026, 2, 21),
        False,
        2,
    )
    assert rows[dropped]["deleted"] is True


def test_an_entry_is_found_under_every_client_person_month_and_project_it_was_ever_in(desk: Desk) -> None:
    entry_id = desk.log("2").id
    desk.correct(entry_id, day=date(2026, 3, 1))
    found = {row["key"] for row in view(desk).rows("time_entry_keys") if row["entry_id"] == entry_id}
    client, member = desk.agency.ids["client"], desk.agency.ids["member"]
    assert found == {
        f"c:{client}:2026-02", f"c:{client}:2026-03", f"p:{member}:2026-02", f"p:{member}:2026-03",
        "m:2026-02", "m:2026-03", f"j:{desk.project}",
    }  # fmt: skip


def test_projects_tasks_and_clients_carry_the_names_and_budget_reports_show(desk: Desk) -> None:
    manager = desk.agency.as_("manager")
    desk.agency.projects.change_details(manager, desk.project, ProjectChanges(name="Relaunch, phase 2"))
    desk.agency.projects.change_budget(manager, desk.project, Decimal("80.5"))
    written = view(desk)
    [project] = [p for p in written.rows("time_projects") if p["id"] == desk.project]
    assert (project["name"], project["budget_hours"], project["status"]) == (
        "Relaunch, phase 2",
        Decimal("80.50"),
        "active",
    )
    assert [t["title"] for t in written.rows("time_tasks")] == ["Build the header"]
    assert [c["company_name"] for c in written.rows("time_clients")] == ["Stone & Co"]


def test_a_support_contract_is_a_plan_once_accepted_with_its_hours_and_period(desk: Desk) -> None:
    app, client = desk.agency.app, str(desk.agency.ids["client"])
    proposal = approved_proposal(app, client_id=client)
    contract = (
        ContractCommands(app).offer(at(ADMIN), new_contract(proposal, start=date(2026, 1, 1), period_months=3)).id
    )
    [offered] = view(desk).rows("time_plans")
    assert (offered["status"], offered["starts_on"], offered["ends_on"]) == (
        "offered",
        date(2026, 1, 1),
        date(2026, 4, 1),
    )
    ContractCommands(app).accept(at(client_user(app, client)), contract, "203.0.113.7")
    [accepted] = view(desk).rows("time_plans")
    assert (accepted["status"], accepted["hours_per_month"], accepted["client_id"]) == ("accepted", Decimal(10), client)


def test_the_as_of_fold_of_the_log_gives_the_views_rows_when_asked_as_of_now(desk: Desk) -> None:
    first, second = desk.log("2").id, desk.log("3", tags=("ProjectManagement",)).id
    desk.correct(first, hours=Decimal("2.5"), note="longer")
    desk.time.delete(desk.agency.as_("member"), second)
    events = [event for _, _, event in events_of(desk.agency.app)]
    folded = {r["id"]: r for r in history.entries_as_of(events, datetime(2100, 1, 1, tzinfo=UTC))}
    current = {
        k: {c: v for c, v in r.items() if c != "position"} for k, r in entries(view(desk)).items() if not r["deleted"]
    }
    assert folded == current


def test_the_as_of_fold_shows_an_entry_as_it_stood_then_when_it_changed_later(desk: Desk) -> None:
    entry_id = desk.log("2").id
    later = desk.agency.as_("member", minutes=90)
    desk.time.correct(
        later, entry_id, __import__("domain.time.entry", fromlist=["EntryChanges"]).EntryChanges(hours=Decimal(6))
    )
    events = [event for _, _, event in events_of(desk.agency.app)]
    before = history.entries_as_of(events, desk.agency.as_("member", minutes=60).now)
    after = history.entries_as_of(events, later.now)
    assert [r["hours"] for r in before] == [Decimal(2)] and [r["hours"] for r in after] == [Decimal(6)]
    assert history.entries_as_of(events, datetime(2026, 1, 1, tzinfo=UTC)) == []
