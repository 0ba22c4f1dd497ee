"""Setting up a project and keeping its plan, team and budget."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import uuid4

import pytest

from domain.errors import InvalidInput, NotFound, NotPermitted, RuleViolation
from domain.projects import NewProject, Project, ProjectChanges, ProjectStatus
from tests.unit.delivery.agency import Agency


def new_project(agency: Agency, **fields: object) -> NewProject:
    values: dict[str, object] = {
        "name": " Website relaunch ",
        "client_id": agency.ids.get("client") or agency.client(),
        "manager_id": agency.ids["manager"],
        "member_ids": (agency.ids["member"], agency.ids["member"]),
        "description": " New site ",
        "start_date": date(2026, 3, 1),
        "target_date": date(2026, 6, 30),
        "budget_hours": Decimal("120.50"),
    }
    return NewProject(**{**values, **fields})  # type: ignore[arg-type]


def test_project_starts_in_planning_with_its_team_when_an_admin_sets_it_up(agency: Agency) -> None:
    project = new_project(agency)
    before = agency.head()
    project_id = agency.projects.plan(agency.as_("admin"), project).id
    assert agency.topics_since(before) == ["baton.project.Created"]
    project = agency.app.load(Project, project_id)
    assert (project.name, project.description, project.status) == ("Website relaunch", "New site", "planning")
    assert (project.start_date, project.target_date, project.budget_hours) == (
        "2026-03-01",
        "2026-06-30",
        Decimal("120.50"),
    )
    assert (project.manager_id, project.member_ids) == (str(agency.ids["manager"]), [str(agency.ids["member"])])


def test_project_is_set_up_when_an_employee_will_manage_it_themselves(agency: Agency) -> None:
    project_id = agency.projects.plan(agency.as_("manager"), new_project(agency)).id
    assert agency.app.load(Project, project_id).manager_id == str(agency.ids["manager"])


@pytest.mark.parametrize("part", ["member", "outsider", "client"])
def test_set_up_is_refused_when_the_actor_neither_is_an_admin_nor_will_manage_it(agency: Agency, part: str) -> None:
    project = new_project(agency)
    before = agency.head()
    with pytest.raises(NotPermitted, match="who will manage it"):
        agency.projects.plan(agency.as_(part), project)
    assert agency.head() == before


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"name": "  "}, "needs a name"),
        ({"start_date": date(2026, 7, 1)}, "before its start date"),
    ],
)
def test_set_up_is_refused_when_input_is_wrong(agency: Agency, fields: dict[str, object], message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        agency.projects.plan(agency.as_("admin"), new_project(agency, **fields))


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"client_id": uuid4()}, "no client with id"),
        ({"manager_id": uuid4()}, "no user with id"),
        ({"member_ids": (uuid4(),)}, "project member"),
    ],
)
def test_set_up_is_refused_as_not_found_when_it_names_an_unknown_record(
    agency: Agency, fields: dict[str, object], message: str
) -> None:
    with pytest.raises(NotFound, match=message):
        agency.projects.plan(agency.as_("admin"), new_project(agency, **fields))


@pytest.mark.parametrize("hours", ["0", "-1", "1.234", "0.001", "NaN", "Infinity", "1000000"])
def test_budget_is_refused_when_not_positive_hours_with_two_decimals(agency: Agency, hours: str) -> None:
    with pytest.raises(InvalidInput, match="budget"):
        agency.projects.plan(agency.as_("admin"), new_project(agency, budget_hours=Decimal(hours)))
    project_id = agency.project()
    with pytest.raises(InvalidInput, match="budget"):
        agency.projects.change_budget(agency.as_("manager"), project_id, Decimal(hours))


def test_budget_is_refused_when_given_as_a_float(agency: Agency) -> None:
    with pytest.raises(InvalidInput, match="decimal number of hours"):
        agency.projects.plan(agency.as_("admin"), new_project(agency, budget_hours=1.5))


@pytest.mark.parametrize(
    ("hours", "kept"), [("0.01", "0.01"), ("1.5", "1.50"), ("40.250", "40.25"), ("999999.99", None)]
)
def test_budget_is_kept_to_the_hundredth_when_valid(agency: Agency, hours: str, kept: str | None) -> None:
    project_id = agency.project()
    agency.projects.change_budget(agency.as_("manager"), project_id, Decimal(hours))
    assert str(agency.app.load(Project, project_id).budget_hours) == (kept or hours)


def test_budget_is_removed_and_unchanged_budgets_are_not_recorded_when_changed(agency: Agency) -> None:
    project_id = agency.project()
    before = agency.head()
    agency.projects.change_budget(agency.as_("manager"), project_id, Decimal("120.00"))
    agency.projects.change_budget(agency.as_("admin"), project_id, None)
    assert agency.topics_since(before) == ["baton.project.BudgetChanged"]
    assert agency.app.load(Project, project_id).budget_hours is None


def test_budget_change_is_refused_when_the_actor_is_a_member(agency: Agency) -> None:
    with pytest.raises(NotPermitted):
        agency.projects.change_budget(agency.as_("member"), agency.project(), Decimal("10"))


def test_details_record_only_what_changed_when_edited(agency: Agency) -> None:
    project_id = agency.project()
    before = agency.head()
    changes = ProjectChanges(name="Website relaunch", description="Shop too", target_date=date(2026, 9, 1))
    agency.projects.change_details(agency.as_("manager"), project_id, changes)
    (event,) = agency.events_since(before)
    assert event.changes == {"description": "Shop too", "target_date": "2026-09-01"}


def test_details_are_refused_when_the_new_target_is_before_the_start(agency: Agency) -> None:
    project_id = agency.project(start_date=date(2026, 3, 1))
    with pytest.raises(InvalidInput, match="before its start date"):
        agency.projects.change_details(agency.as_("manager"), project_id, ProjectChanges(target_date=date(2026, 2, 1)))


@pytest.mark.parametrize("part", ["member", "outsider", "client"])
def test_details_are_refused_when_the_actor_does_not_run_the_project(agency: Agency, part: str) -> None:
    with pytest.raises(NotPermitted):
        agency.projects.change_details(agency.as_(part), agency.project(), ProjectChanges(name="Mine now"))


def test_team_grows_and_shrinks_when_the_manager_changes_it(agency: Agency) -> None:
    project_id = agency.project()
    agency.projects.add_member(agency.as_("manager"), project_id, agency.ids["outsider"])
    agency.projects.remove_member(agency.as_("manager"), project_id, agency.ids["member"])
    assert agency.app.load(Project, project_id).member_ids == [str(agency.ids["outsider"])]
    with pytest.raises(RuleViolation, match="already is on"):
        agency.projects.add_member(agency.as_("manager"), project_id, agency.ids["outsider"])
    with pytest.raises(RuleViolation, match="not a member"):
        agency.projects.remove_member(agency.as_("manager"), project_id, agency.ids["member"])


def test_team_change_is_refused_when_the_actor_is_a_member(agency: Agency) -> None:
    with pytest.raises(NotPermitted, match="change the team"):
        agency.projects.add_member(agency.as_("member"), agency.project(), agency.ids["outsider"])


def test_new_member_is_refused_as_not_found_when_no_such_user_exists(agency: Agency) -> None:
    with pytest.raises(NotFound, match="no user"):
        agency.projects.add_member(agency.as_("manager"), agency.project(), uuid4())


def test_manager_is_replaced_only_when_an_admin_decides(agency: Agency) -> None:
    project_id = agency.project()
    with pytest.raises(NotPermitted, match="Only an admin may change a project's manager"):
        agency.projects.change_manager(agency.as_("manager"), project_id, agency.ids["member"])
    agency.projects.change_manager(agency.as_("admin"), project_id, agency.ids["member"])
    assert agency.app.load(Project, project_id).manager_id == str(agency.ids["member"])
    with pytest.raises(NotPermitted):
        agency.projects.change_status(agency.as_("manager"), project_id, ProjectStatus.ACTIVE)


@pytest.mark.parametrize("part", ["admin", "manager", "member"])
def test_kickoff_note_is_flagged_when_the_team_writes_it(agency: Agency, part: str) -> None:
    project_id = agency.project()
    before = agency.head()
    agency.projects.add_note(agency.as_(part), project_id, " Scope confirmed, weekly calls ", kickoff=True)
    (event,) = agency.events_since(before)
    assert (event.text, event.kickoff, event.actor_id) == (
        "Scope confirmed, weekly calls",
        True,
        str(agency.as_(part).actor.id),
    )


@pytest.mark.parametrize("part", ["outsider", "client"])
def test_note_is_refused_when_the_actor_is_not_on_the_team(agency: Agency, part: str) -> None:
    with pytest.raises(NotPermitted, match="team"):
        agency.projects.add_note(agency.as_(part), agency.project(), "Hello")


def test_note_is_refused_when_blank(agency: Agency) -> None:
    with pytest.raises(InvalidInput, match="empty"):
        agency.projects.add_note(agency.as_("manager"), agency.project(), "  ")


def test_team_change_is_refused_before_the_new_member_is_looked_up_when_the_actor_is_a_member(agency: Agency) -> None:
    with pytest.raises(NotPermitted, match="change the team"):
        agency.projects.add_member(agency.as_("member"), agency.project(), uuid4())
