"""What a project holds besides its plan: milestones, deployments and documents, one row each."""

from __future__ import annotations

from uuid import UUID

from domain.delivery.values import day_of
from domain.projects import Deployment, Document, Milestone
from projections.engine import Column, Entities, Fold, Projection, handles
from projections.engine import position_column as position
from projections.engine import version_column as version

MILESTONES = Entities(
    "project_milestones",
    (
        Column("id", "uuid"),
        Column("project_id", "uuid"),
        Column("title", "text", changes=True),
        Column("target_date", "date", changes=True, default=None),
        Column("done", "boolean", changes=True, default=False),
        Column("done_at", "timestamptz", changes=True, default=None),
        Column("done_by", "text", changes=True, default=""),
        # Removed milestones stay for the record; every read hides them.
        Column("removed", "boolean", changes=True, default=False),
        Column("created_at", "timestamptz"),
        Column("updated_at", "timestamptz", changes=True),
        version(),
        position(),
    ),
    indexes=("(project_id)",),
)

DEPLOYMENTS = Entities(
    "project_deployments",
    (
        Column("id", "uuid"),
        Column("project_id", "uuid"),
        Column("environment", "text"),
        Column("url", "text"),
        Column("version_tag", "text"),
        Column("kind", "text"),
        Column("deployed_at", "timestamptz"),
        Column("notes", "text"),
        Column("recorded_by", "text"),
        Column("recorded_at", "timestamptz"),
        version(),
        position(),
    ),
    indexes=("(project_id, deployed_at, id)", "(project_id, environment, deployed_at)"),
)

DOCUMENTS = Entities(
    "project_documents",
    (
        Column("id", "uuid"),
        Column("project_id", "uuid"),
        Column("name", "text"),
        Column("content_type", "text"),
        Column("size", "bigint"),
        Column("sha256", "text"),
        Column("visibility", "text", changes=True),
        # Deleted documents stay for the record; every read hides them.
        Column("deleted", "boolean", changes=True, default=False),
        Column("uploaded_at", "timestamptz"),
        Column("uploaded_by", "text"),
        Column("updated_at", "timestamptz", changes=True),
        version(),
        position(),
    ),
    indexes=("(project_id, uploaded_at, id)",),
)


class ProjectRecords(Projection):
    """Each project's milestones, deployments (what runs where) and documents."""

    name = "project_records"
    version = 1
    tables = (MILESTONES, DEPLOYMENTS, DOCUMENTS)

    @handles(Milestone.MilestoneAdded)
    def milestone_added(self, fold: Fold, e: Milestone.MilestoneAdded) -> None:
        fold.insert(
            MILESTONES,
            e,
            project_id=UUID(e.project_id),
            title=e.title,
            target_date=day_of(e.target_date),
            created_at=e.timestamp,
        )

    @handles(Milestone.MilestoneChanged)
    def milestone_changed(self, fold: Fold, e: Milestone.MilestoneChanged) -> None:
        if (row := fold.update(MILESTONES, e)) is not None:
            if "title" in e.changes:
                row["title"] = e.changes["title"]
            if "target_date" in e.changes:
                row["target_date"] = day_of(e.changes["target_date"])

    @handles(Milestone.MilestoneReached)
    def milestone_reached(self, fold: Fold, e: Milestone.MilestoneReached) -> None:
        if (row := fold.update(MILESTONES, e)) is not None:
            row.update(done=True, done_at=e.timestamp, done_by=e.actor_id)

    @handles(Milestone.MilestoneReopened)
    def milestone_reopened(self, fold: Fold, e: Milestone.MilestoneReopened) -> None:
        if (row := fold.update(MILESTONES, e)) is not None:
            row.update(done=False, done_at=None, done_by="")

    @handles(Milestone.MilestoneRemoved)
    def milestone_removed(self, fold: Fold, e: Milestone.MilestoneRemoved) -> None:
        if (row := fold.update(MILESTONES, e)) is not None:
            row["removed"] = True

    @handles(Deployment.DeploymentRecorded)
    def deployment_recorded(self, fold: Fold, e: Deployment.DeploymentRecorded) -> None:
        fold.insert(
            DEPLOYMENTS,
            e,
            project_id=UUID(e.project_id),
            environment=e.environment,
            url=e.url,
            version_tag=e.version_tag,
            kind=e.kind,
            deployed_at=e.deployed_at,
            notes=e.notes,
            recorded_by=e.actor_id,
            recorded_at=e.timestamp,
        )

    @handles(Document.DocumentUploaded)
    def document_uploaded(self, fold: Fold, e: Document.DocumentUploaded) -> None:
        fold.insert(
            DOCUMENTS,
            e,
            project_id=UUID(e.project_id),
            name=e.name,
            content_type=e.content_type,
            size=e.size,
            sha256=e.sha256,
            visibility=e.visibility,
            uploaded_at=e.timestamp,
            uploaded_by=e.actor_id,
        )

    @handles(Document.DocumentVisibilityChanged)
    def visibility_changed(self, fold: Fold, e: Document.DocumentVisibilityChanged) -> None:
        if (row := fold.update(DOCUMENTS, e)) is not None:
            row["visibility"] = e.visibility

    @handles(Document.DocumentDeleted)
    def document_deleted(self, fold: Fold, e: Document.DocumentDeleted) -> None:
        if (row := fold.update(DOCUMENTS, e)) is not None:
            row["deleted"] = True
