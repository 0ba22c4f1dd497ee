"""The project portfolio's rows, team rows, notes and counts, folded without PostgreSQL."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from uuid import UUID

from domain.projects import NewProject, ProjectChanges, ProjectStatus
from projections.delivery import ProjectPortfolio
from projections.engine import MemoryWriter
from tests.unit.delivery.agency import Agency
from tests.unit.projections.delivery.views import fold, same_in_any_batching


def team(view: MemoryWriter, project_id: UUID) -> dict[str, tuple[bool, bool]]:
    rows = view.rows("project_members")
    return {r["user_id"]: (r["is_manager"], r["is_member"]) for r in rows if r["project_id"] == project_id}


def test_project_row_holds_plan_budget_and_team_when_set_up(agency: Agency) -> None:
    client_id = agency.client()
    new = NewProject(
        "Relaunch",
        client_id,
        agency.ids["manager"],
        start_date=date(2026, 3, 2),
        target_date=date(2026, 6, 30),
        member_ids=(agency.ids["member"], agency.ids["manager"]),
        budget_hours=Decimal("120.5"),
    )
    project_id = agency.projects.plan(agency.as_("admin"), new).id

    view = fold(agency, ProjectPortfolio())

    (row,) = view.rows("project_list")
    assert (row["name"], row["client_id"], row["status"], row["budget_hours"]) == (
        "Relaunch",
        str(client_id),
        "planning",
        Decimal("120.50"),
    )
    assert (row["start_date"], row["target_date"]) == (date(2026, 3, 2), date(2026, 6, 30))
    assert json.loads(row["members"]) == [str(agency.ids["member"]), str(agency.ids["manager"])]
    manager, member = str(agency.ids["manager"]), str(agency.ids["member"])
    assert team(view, project_id) == {manager: (True, True), member: (False, True)}
    assert view.rows("project_counts") == [{"status": "planning", "projects": 1}]


def test_team_rows_follow_members_and_manager_when_the_team_changes(agency: Agency) -> None:
    project_id = agency.project()
    admin = agency.as_("admin", 1)
    agency.projects.add_member(admin, project_id, agency.ids["colleague"])
    agency.projects.remove_member(admin, project_id, agency.ids["member"])
    agency.projects.change_manager(admin, project_id, agency.ids["outsider"])

    view = fold(agency, ProjectPortfolio())

    ids = {part: str(agency.ids[part]) for part in ("manager", "member", "colleague", "outsider")}
    assert team(view, project_id) == {
        ids["manager"]: (False, False),
        ids["member"]: (False, False),
        ids["colleague"]: (False, True),
        ids["outsider"]: (True, False),
    }
    (row,) = view.rows("project_list")
    assert (row["manager_id"], json.loads(row["members"])) == (ids["outsider"], [ids["colleague"]])


def test_status_reason_details_and_notes_show_and_counts_move_when_the_project_is_worked(agency: Agency) -> None:
    project_id = agency.project(ProjectStatus.COMPLETED)
    agency.project(name="Second")
    agency.projects.add_note(agency.as_("member", 9), project_id, "Kickoff held", kickoff=True)
    agency.projects.add_note(agency.as_("manager", 10), project_id, "Handed over")

    view = fold(agency, ProjectPortfolio())

    done = next(r for r in view.rows("project_list") if r["id"] == project_id)
    assert (done["status"], done["status_reason"], done["notes_count"]) == (
        "completed",
        "Signed off by the client",
        2,
    )
    notes = sorted(view.rows("project_notes"), key=lambda n: n["version"])
    assert [(n["text"], n["kickoff"]) for n in notes] == [("Kickoff held", True), ("Handed over", False)]
    assert view.rows("project_counts") == [
        {"status": "completed", "projects": 1},
        {"status": "planning", "projects": 1},
    ]


def test_details_and_budget_changes_show_when_edited(agency: Agency) -> None:
    project_id = agency.project()
    manager = agency.as_("manager", 5)
    agency.projects.change_details(manager, project_id, ProjectChanges(name="Relaunch 2", target_date=date(2026, 9, 1)))
    agency.projects.change_budget(manager, project_id, None)

    (row,) = fold(agency, ProjectPortfolio()).rows("project_list")

    assert (row["name"], row["target_date"], row["budget_hours"], row["version"]) == (
        "Relaunch 2",
        date(2026, 9, 1),
        None,
        3,
    )


def test_rows_are_the_same_in_any_batching_and_on_a_second_replay_when_history_is_varied(agency: Agency) -> None:
    project_id = agency.project(ProjectStatus.ON_HOLD, member_ids=(agency.ids["member"], agency.ids["manager"]))
    agency.projects.add_member(agency.as_("admin", 1), project_id, agency.ids["colleague"])
    agency.projects.change_manager(agency.as_("admin", 2), project_id, agency.ids["outsider"])
    agency.projects.add_note(agency.as_("outsider", 3), project_id, "Taking over")
    agency.project(ProjectStatus.CANCELLED, name="Dropped")

    assert same_in_any_batching(agency, ProjectPortfolio())
