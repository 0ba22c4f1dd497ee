"""Milestones, deployments and documents of projects, folded without PostgreSQL."""

from __future__ import annotations

from datetime import date, timedelta

from domain.projects import MilestoneChanges, NewDeployment, NewDocument, NewMilestone, ProjectStatus, Visibility
from domain.projects.deployment import DeploymentKind, Environment
from projections.delivery import ProjectRecords
from tests.builders import T0
from tests.unit.delivery.agency import Agency
from tests.unit.projections.delivery.views import fold, same_in_any_batching

SHA = "ab" * 32


def test_milestones_follow_edits_done_reopen_and_removal_when_the_plan_changes(agency: Agency) -> None:
    project_id = agency.project(ProjectStatus.ACTIVE)
    manager = agency.as_("manager", 3)
    kept = agency.milestones.add(manager, NewMilestone(project_id, "Design signed off", date(2026, 4, 1))).id
    dropped = agency.milestones.add(manager, NewMilestone(project_id, "Beta")).id
    agency.milestones.edit(manager, kept, MilestoneChanges(title="Designs signed off"))
    agency.milestones.mark_reached(manager, kept)
    agency.milestones.mark_reached(manager, dropped)
    agency.milestones.reopen(manager, dropped)
    agency.milestones.remove(manager, dropped)

    rows = {r["id"]: r for r in fold(agency, ProjectRecords()).rows("project_milestones")}

    assert (rows[kept]["title"], rows[kept]["target_date"], rows[kept]["done"]) == (
        "Designs signed off",
        date(2026, 4, 1),
        True,
    )
    assert (rows[kept]["done_at"], rows[kept]["done_by"]) == (T0 + timedelta(minutes=3), str(agency.ids["manager"]))
    assert (rows[dropped]["done"], rows[dropped]["done_at"], rows[dropped]["removed"]) == (False, None, True)


def test_deployments_are_recorded_as_they_happened_when_the_team_ships(agency: Agency) -> None:
    project_id = agency.project(ProjectStatus.ACTIVE)
    shipped = T0 - timedelta(hours=1)
    deployment = NewDeployment(
        project_id, Environment.PRODUCTION, "https://shop.example", "v2.1", DeploymentKind.HOTFIX, shipped, "Fix"
    )
    deployment_id = agency.deployments.record(agency.as_("member", 5), deployment).id

    (row,) = fold(agency, ProjectRecords()).rows("project_deployments")

    assert row["id"] == deployment_id and row["project_id"] == project_id
    assert (row["environment"], row["version_tag"], row["kind"], row["deployed_at"]) == (
        "production",
        "v2.1",
        "hotfix",
        shipped,
    )
    assert (row["recorded_by"], row["recorded_at"]) == (str(agency.ids["member"]), T0 + timedelta(minutes=5))


def test_documents_show_sharing_and_stay_for_the_record_when_deleted(agency: Agency) -> None:
    project_id = agency.project()
    manager = agency.as_("manager", 1)
    new = NewDocument(project_id, "brief.pdf", "application/pdf", 1234, SHA)
    document_id = agency.documents.upload(manager, new).id
    agency.documents.change_visibility(manager, document_id, Visibility.CLIENT)
    agency.documents.delete(manager, document_id, reason="Superseded")

    (row,) = fold(agency, ProjectRecords()).rows("project_documents")

    assert (row["name"], row["size"], row["sha256"], row["visibility"], row["deleted"], row["version"]) == (
        "brief.pdf",
        1234,
        SHA,
        "client",
        True,
        3,
    )


def test_rows_are_the_same_in_any_batching_and_on_a_second_replay_when_history_is_varied(agency: Agency) -> None:
    project_id = agency.project(ProjectStatus.ACTIVE)
    manager = agency.as_("manager", 2)
    milestone = agency.milestones.add(manager, NewMilestone(project_id, "Launch", date(2026, 5, 1))).id
    agency.milestones.mark_reached(manager, milestone)
    agency.deployments.record(manager, NewDeployment(project_id, Environment.STAGING, "https://s.example", "rc1"))
    document = agency.documents.upload(manager, NewDocument(project_id, "a.png", "image/png", 9, SHA)).id
    agency.documents.change_visibility(manager, document, Visibility.CLIENT)

    assert same_in_any_batching(agency, ProjectRecords())
