"""A project's milestones and deployments: who records them, and what they must hold."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from uuid import UUID

import pytest

from domain.errors import InvalidInput, NotFound, NotPermitted, RuleViolation
from domain.projects import (
    Deployment,
    DeploymentKind,
    Environment,
    Milestone,
    MilestoneChanges,
    NewDeployment,
    NewMilestone,
    ProjectArchived,
    ProjectStatus,
)
from domain.projects.deployment import NotYetDeployed
from tests.builders import T0
from tests.unit.delivery.agency import Agency


def milestone(agency: Agency, project_id: UUID, part: str = "manager") -> UUID:
    return agency.milestones.add(agency.as_(part), NewMilestone(project_id, " Beta ", date(2026, 5, 1))).id


def deployment(project_id: UUID, **fields: object) -> NewDeployment:
    values: dict[str, object] = {
        "project_id": project_id,
        "environment": Environment.PRODUCTION,
        "url": "https://stone.example",
        "version_tag": "v1.4.0",
    }
    return NewDeployment(**{**values, **fields})  # type: ignore[arg-type]


@pytest.mark.parametrize("part", ["admin", "manager"])
def test_milestone_is_reached_and_reopened_when_the_manager_or_an_admin_marks_it(agency: Agency, part: str) -> None:
    milestone_id = milestone(agency, agency.project(), part)
    before = agency.head()
    agency.milestones.mark_reached(agency.as_(part, minutes=5), milestone_id)
    agency.milestones.reopen(agency.as_(part, minutes=6), milestone_id)
    events = agency.events_since(before)
    assert [type(e).TOPIC for e in events] == ["baton.project.MilestoneReached", "baton.project.MilestoneReopened"]
    assert (events[0].timestamp, events[0].actor_id) == (T0 + timedelta(minutes=5), str(agency.ids.get(part)))
    loaded = agency.app.load(Milestone, milestone_id)
    assert (loaded.title, loaded.target_date, loaded.done) == ("Beta", "2026-05-01", False)


def test_milestone_marks_are_refused_when_they_change_nothing(agency: Agency) -> None:
    milestone_id = milestone(agency, agency.project())
    with pytest.raises(RuleViolation, match="not done"):
        agency.milestones.reopen(agency.as_("manager"), milestone_id)
    agency.milestones.mark_reached(agency.as_("manager"), milestone_id)
    with pytest.raises(RuleViolation, match="already done"):
        agency.milestones.mark_reached(agency.as_("manager"), milestone_id)


@pytest.mark.parametrize("part", ["member", "outsider", "client"])
def test_milestones_are_refused_when_the_actor_does_not_run_the_project(agency: Agency, part: str) -> None:
    project_id = agency.project()
    with pytest.raises(NotPermitted, match="plan milestones"):
        milestone(agency, project_id, part)
    milestone_id = milestone(agency, project_id)
    with pytest.raises(NotPermitted):
        agency.milestones.mark_reached(agency.as_(part), milestone_id)


def test_milestone_edits_record_only_changes_and_removal_ends_them_when_made(agency: Agency) -> None:
    milestone_id = milestone(agency, agency.project())
    before = agency.head()
    agency.milestones.edit(
        agency.as_("manager"), milestone_id, MilestoneChanges(title="Beta", target_date=date(2026, 5, 8))
    )
    agency.milestones.remove(agency.as_("manager"), milestone_id)
    events = agency.events_since(before)
    assert events[0].changes == {"target_date": "2026-05-08"}
    with pytest.raises(RuleViolation, match="removed"):
        agency.milestones.mark_reached(agency.as_("manager"), milestone_id)


@pytest.mark.parametrize("final", [ProjectStatus.COMPLETED, ProjectStatus.CANCELLED])
def test_milestones_are_refused_when_the_project_is_archived(agency: Agency, final: ProjectStatus) -> None:
    project_id = agency.project(final)
    with pytest.raises(ProjectArchived):
        milestone(agency, project_id)


def test_milestone_is_refused_when_the_project_does_not_exist(agency: Agency) -> None:
    with pytest.raises(NotFound, match="No project"):
        milestone(agency, UUID(int=7))


@pytest.mark.parametrize("part", ["admin", "manager", "member"])
def test_deployment_is_recorded_when_someone_on_the_team_records_it(agency: Agency, part: str) -> None:
    project_id = agency.project(ProjectStatus.ACTIVE)
    new = deployment(project_id, kind=DeploymentKind.HOTFIX, notes=" Fixes checkout ")
    deployment_id = agency.deployments.record(agency.as_(part, minutes=30), new).id
    loaded = agency.app.load(Deployment, deployment_id)
    assert (loaded.environment, loaded.url, loaded.version_tag, loaded.kind, loaded.notes) == (
        "production",
        "https://stone.example",
        "v1.4.0",
        "hotfix",
        "Fixes checkout",
    )
    assert loaded.deployed_at == T0 + timedelta(minutes=30), "deployed now when no time is given"


def test_deployment_is_recorded_when_the_project_is_completed(agency: Agency) -> None:
    project_id = agency.project(ProjectStatus.COMPLETED)
    assert agency.deployments.record(agency.as_("member"), deployment(project_id, kind=DeploymentKind.ROLLBACK)).version


@pytest.mark.parametrize("part", ["outsider", "client"])
def test_deployment_is_refused_when_the_actor_is_not_on_the_team(agency: Agency, part: str) -> None:
    with pytest.raises(NotPermitted, match="record deployments"):
        agency.deployments.record(agency.as_(part), deployment(agency.project()))


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"environment": "prod"}, "not a deployment environment"),
        ({"kind": "redeploy"}, "not a kind of deployment"),
        ({"url": "ftp://stone.example"}, "not an http"),
        ({"url": "https://"}, "not an http"),
        ({"version_tag": " "}, "version or tag"),
        ({"deployed_at": datetime(2026, 3, 1, 9, 0)}, "timezone"),
    ],
)
def test_deployment_is_refused_when_input_is_wrong(agency: Agency, fields: dict[str, object], message: str) -> None:
    project_id = agency.project()
    with pytest.raises(InvalidInput, match=message):
        agency.deployments.record(agency.as_("manager"), deployment(project_id, **fields))


def test_deployment_is_refused_as_not_yet_happened_when_its_time_is_later_than_now(agency: Agency) -> None:
    later = deployment(agency.project(), deployed_at=T0 + timedelta(hours=1))
    with pytest.raises(NotYetDeployed, match="before it happens"):
        agency.deployments.record(agency.as_("manager"), later)
