"""A project's status workflow: planning -> active <-> on_hold, active -> in_review -> completed, open -> cancelled."""

from __future__ import annotations

import pytest

from domain.errors import InvalidInput, InvalidTransition, NotPermitted
from domain.projects import Project, ProjectArchived, ProjectChanges, ProjectStatus
from tests.unit.delivery.agency import Agency

S = ProjectStatus
ALLOWED = {
    (S.PLANNING, S.ACTIVE),
    (S.PLANNING, S.CANCELLED),
    (S.ACTIVE, S.ON_HOLD),
    (S.ACTIVE, S.IN_REVIEW),
    (S.ACTIVE, S.CANCELLED),
    (S.ON_HOLD, S.ACTIVE),
    (S.ON_HOLD, S.CANCELLED),
    (S.IN_REVIEW, S.COMPLETED),
    (S.IN_REVIEW, S.CANCELLED),
}
REFUSED = [(a, b) for a in S for b in S if (a, b) not in ALLOWED]


@pytest.mark.parametrize(("start", "to"), sorted(ALLOWED))
def test_project_moves_when_the_workflow_allows_it(agency: Agency, start: ProjectStatus, to: ProjectStatus) -> None:
    project_id = agency.project(start)
    before = agency.head()
    agency.projects.change_status(agency.as_("manager"), project_id, to, reason=" Client signed off ")
    (event,) = agency.events_since(before)
    assert (type(event).TOPIC, event.from_status, event.to_status) == ("baton.project.StatusChanged", start, to)
    assert event.reason == "Client signed off"
    assert agency.app.load(Project, project_id).status == to


@pytest.mark.parametrize(("start", "to"), REFUSED)
def test_status_change_is_refused_naming_current_and_allowed_statuses_when_not_allowed(
    agency: Agency, start: ProjectStatus, to: ProjectStatus
) -> None:
    project_id = agency.project(start)
    before = agency.head()
    with pytest.raises(InvalidTransition) as refused:
        agency.projects.change_status(agency.as_("admin"), project_id, to, reason="because")
    message = str(refused.value)
    assert f"from '{start}' to '{to}'" in message
    allowed = [b for a, b in sorted(ALLOWED) if a is start]
    if allowed:
        assert all(f"'{s}'" in message.split(". ", 1)[1] for s in allowed)
    else:
        assert "final" in message
    assert agency.head() == before


@pytest.mark.parametrize(("start", "to"), [(S.IN_REVIEW, S.COMPLETED), (S.PLANNING, S.CANCELLED)])
@pytest.mark.parametrize("reason", ["", "   "])
def test_closing_is_refused_when_no_reason_is_given(
    agency: Agency, start: ProjectStatus, to: ProjectStatus, reason: str
) -> None:
    project_id = agency.project(start)
    with pytest.raises(InvalidInput, match="needs a reason"):
        agency.projects.change_status(agency.as_("admin"), project_id, to, reason=reason)
    assert agency.app.load(Project, project_id).status == start


@pytest.mark.parametrize("part", ["member", "outsider", "client"])
def test_status_change_is_refused_when_the_actor_does_not_run_the_project(agency: Agency, part: str) -> None:
    project_id = agency.project()
    with pytest.raises(NotPermitted, match="Only an admin or the project's manager"):
        agency.projects.change_status(agency.as_(part), project_id, S.ACTIVE)


@pytest.mark.parametrize("part", ["admin", "system"])
def test_status_changes_when_an_admin_or_baton_itself_moves_it(agency: Agency, part: str) -> None:
    project_id = agency.project()
    agency.projects.change_status(agency.as_(part), project_id, S.ACTIVE)
    assert agency.app.load(Project, project_id).status == S.ACTIVE


@pytest.mark.parametrize("final", [S.COMPLETED, S.CANCELLED])
def test_plan_and_team_are_frozen_when_the_project_is_archived(agency: Agency, final: ProjectStatus) -> None:
    project_id = agency.project(final)
    manager = agency.as_("manager")
    refusals = [
        lambda: agency.projects.change_details(manager, project_id, ProjectChanges(name="Renamed")),
        lambda: agency.projects.change_budget(manager, project_id, None),
        lambda: agency.projects.add_member(manager, project_id, agency.ids["outsider"]),
        lambda: agency.projects.remove_member(manager, project_id, agency.ids["member"]),
        lambda: agency.projects.change_manager(agency.as_("admin"), project_id, agency.ids["member"]),
    ]
    before = agency.head()
    for refused in refusals:
        with pytest.raises(ProjectArchived, match=f"is {final} and archived"):
            refused()
    assert agency.head() == before


@pytest.mark.parametrize("final", [S.COMPLETED, S.CANCELLED])
def test_notes_are_still_written_when_the_project_is_archived(agency: Agency, final: ProjectStatus) -> None:
    project_id = agency.project(final)
    agency.projects.add_note(agency.as_("member"), project_id, "Retrospective booked")
    assert agency.app.load(Project, project_id).notes_count == 1
