"""A project's milestones and deployments: plan and mark milestones, record and list deployments."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import Query, Response, status

from api.contract import resource_router
from api.deps import CommandCtx, ExpectedVersion, ReadConn, commands
from api.deps import ContainerDep as Container
from api.policy import ReaderScope, performs
from api.problems import ProblemError
from api.projects.record_schemas import (
    DeploymentCreate,
    DeploymentOut,
    DeploymentPageOut,
    MilestoneCreate,
    MilestoneOut,
    MilestoneUpdate,
)
from api.reads import MinPosition, wait_for_view
from api.schemas import ETAG, LOCATION, CommandOut, Cursor, json_response, out
from domain.projects import Environment, MilestoneChanges, NewDeployment, NewMilestone
from domain.projects.record_commands import DeploymentCommands, MilestoneCommands
from projections.delivery.project_queries import project_row
from projections.delivery.record_queries import get_deployment, get_milestone, list_deployments

router = resource_router("", "projects")
READ, WRITE = [performs("projects.read")], [performs("projects.write")]
RECORD = [performs("deployments.record")]
VIEW = "project_records"
Milestones = Annotated[MilestoneCommands, commands(MilestoneCommands)]
Deployments = Annotated[DeploymentCommands, commands(DeploymentCommands)]


@router.post(
    "/projects/{project_id}/milestones",
    status_code=status.HTTP_201_CREATED,
    response_model=CommandOut,
    dependencies=WRITE,
    responses={201: {"headers": LOCATION}},
)
def add_milestone(
    project_id: UUID, body: MilestoneCreate, ctx: CommandCtx, milestones: Milestones, response: Response
) -> CommandOut:
    """Add a milestone to the plan (admins and the project's manager, while it is open)."""
    result = milestones.add(ctx, NewMilestone(project_id, body.title, body.target_date))
    response.headers["Location"] = f"/milestones/{result.id}"
    return out(result)


@router.get(
    "/milestones/{milestone_id}", response_model=MilestoneOut, dependencies=READ, responses={200: {"headers": ETAG}}
)
def read_milestone(
    milestone_id: UUID, container: Container, conn: ReadConn, scope: ReaderScope, min_position: MinPosition = None
) -> Response:
    """One milestone of a project you may see (removed ones are gone)."""
    wait_for_view(conn, container, VIEW, min_position)
    row = get_milestone(conn, scope, milestone_id)
    if row is None:
        raise ProblemError(404, "Not found", f"No milestone with id {milestone_id}.")
    return json_response(MilestoneOut.model_validate(row), headers={"ETag": f'"{row["version"]}"'})


@router.patch("/milestones/{milestone_id}", response_model=CommandOut, dependencies=WRITE)
def update_milestone(
    milestone_id: UUID, body: MilestoneUpdate, ctx: CommandCtx, milestones: Milestones, expected: ExpectedVersion
) -> CommandOut:
    """Change a milestone's title or target date."""
    given = {k: v for k, v in body.model_dump(exclude_unset=True).items() if v is not None}
    return out(milestones.edit(ctx, milestone_id, MilestoneChanges(**given), expected_version=expected))


@router.post("/milestones/{milestone_id}/reached", response_model=CommandOut, dependencies=WRITE)
def mark_milestone_reached(
    milestone_id: UUID, ctx: CommandCtx, milestones: Milestones, expected: ExpectedVersion
) -> CommandOut:
    """Mark a milestone done (when and by whom are recorded)."""
    return out(milestones.mark_reached(ctx, milestone_id, expected_version=expected))


@router.post("/milestones/{milestone_id}/reopen", response_model=CommandOut, dependencies=WRITE)
def reopen_milestone(
    milestone_id: UUID, ctx: CommandCtx, milestones: Milestones, expected: ExpectedVersion
) -> CommandOut:
    """Open a milestone marked done by mistake again."""
    return out(milestones.reopen(ctx, milestone_id, expected_version=expected))


@router.delete("/milestones/{milestone_id}", response_model=CommandOut, dependencies=WRITE)
def remove_milestone(
    milestone_id: UUID, ctx: CommandCtx, milestones: Milestones, expected: ExpectedVersion
) -> CommandOut:
    """Take a milestone out of the plan (hidden from views; the audit keeps it)."""
    return out(milestones.remove(ctx, milestone_id, expected_version=expected))


@router.post(
    "/projects/{project_id}/deployments",
    status_code=status.HTTP_201_CREATED,
    response_model=CommandOut,
    dependencies=RECORD,
    responses={201: {"headers": LOCATION}},
)
def record_deployment(
    project_id: UUID, body: DeploymentCreate, ctx: CommandCtx, deployments: Deployments, response: Response
) -> CommandOut:
    """Record a release, hotfix or rollback put on an environment (admins and the project's team)."""
    deployment = NewDeployment(
        project_id=project_id,
        environment=body.environment,
        url=body.url,
        version_tag=body.version_tag,
        kind=body.kind,
        deployed_at=body.deployed_at,
        notes=body.notes,
    )
    result = deployments.record(ctx, deployment)
    response.headers["Location"] = f"/deployments/{result.id}"
    return out(result)


@router.get("/projects/{project_id}/deployments", response_model=DeploymentPageOut, dependencies=READ)
def list_project_deployments(  # noqa: PLR0913
    project_id: UUID,
    container: Container,
    conn: ReadConn,
    scope: ReaderScope,
    environment: Environment | None = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    cursor: Cursor = None,
    min_position: MinPosition = None,
) -> Response:
    """A project's deployments, newest first (client users: production only); `environment` narrows to one."""
    wait_for_view(conn, container, VIEW, min_position)
    if project_row(conn, scope, project_id) is None:
        raise ProblemError(404, "Not found", f"No project with id {project_id}.")
    env = environment.value if environment else None
    page = list_deployments(conn, scope, project_id, environment=env, limit=limit, cursor=cursor)
    return json_response(DeploymentPageOut.model_validate(page, from_attributes=True))


@router.get("/deployments/{deployment_id}", response_model=DeploymentOut, dependencies=READ)
def read_deployment(
    deployment_id: UUID, container: Container, conn: ReadConn, scope: ReaderScope, min_position: MinPosition = None
) -> Response:
    """One deployment of a project you may see."""
    wait_for_view(conn, container, VIEW, min_position)
    row = get_deployment(conn, scope, deployment_id)
    if row is None:
        raise ProblemError(404, "Not found", f"No deployment with id {deployment_id}.")
    return json_response(DeploymentOut.model_validate(row))
