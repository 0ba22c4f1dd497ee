"""Projects: set up, list, read (also as of a version), edit the plan, budget, team and status, write notes."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID, uuid4

from fastapi import Query, Response, status

from api.contract import resource_router
from api.deps import CommandCtx, ExpectedVersion, ReadConn, commands
from api.deps import ContainerDep as Container
from api.policy import ReaderScope, performs
from api.problems import ProblemError
from api.projects.record_schemas import ProjectOverviewOut
from api.projects.schemas import (
    ProjectAtVersionOut,
    ProjectBudgetChange,
    ProjectCreate,
    ProjectManagerChange,
    ProjectMemberAdd,
    ProjectNoteCommandOut,
    ProjectNoteCreate,
    ProjectPageOut,
    ProjectStatusChange,
    ProjectUpdate,
)
from api.reads import MinPosition, wait_for_view
from api.schemas import ETAG, LOCATION, NO_NUL, CommandOut, Cursor, json_response, out
from domain.errors import NotFound
from domain.projects import NewProject, Project, ProjectChanges, ProjectStatus
from domain.projects.commands import ProjectCommands
from projections.delivery.project_queries import Order, ProjectFilter, Sort, get_project, list_projects, project_row
from projections.scope import Scope

router = resource_router("/projects", "projects")
READ, WRITE = [performs("projects.read")], [performs("projects.write")]
# Setting up names the client, manager and members in the body: an unknown one is a 404 too.
CREATE = [performs("projects.write", raises=(NotFound,))]
VIEW = "project_portfolio"
# An overview reads every delivery view: a read of your own write waits for each.
OVERVIEW_VIEWS = (VIEW, "project_records", "task_board", "client_directory")
Projects = Annotated[ProjectCommands, commands(ProjectCommands)]


def document_links(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Document rows with the address their bytes are downloaded from."""
    return [{**r, "download_url": f"/documents/{r['id']}/content"} for r in rows]


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=CommandOut,
    dependencies=CREATE,
    responses={201: {"headers": LOCATION}},
)
def create_project(body: ProjectCreate, ctx: CommandCtx, projects: Projects, response: Response) -> CommandOut:
    """Set up a project for a client in `planning` (admins, or the staff member who will manage it)."""
    result = projects.plan(
        ctx,
        NewProject(
            name=body.name,
            client_id=body.client_id,
            manager_id=body.manager_id,
            description=body.description,
            start_date=body.start_date,
            target_date=body.target_date,
            member_ids=tuple(body.member_ids),
            budget_hours=body.budget_hours,
        ),
    )
    response.headers["Location"] = f"/projects/{result.id}"
    return out(result)


@router.get("", response_model=ProjectPageOut, dependencies=READ)
def list_portfolio(  # noqa: PLR0913
    container: Container,
    conn: ReadConn,
    scope: ReaderScope,
    status_: Annotated[list[ProjectStatus] | None, Query(alias="status", description="One or more statuses")] = None,
    client_id: UUID | None = None,
    manager_id: UUID | None = None,
    member_id: Annotated[UUID | None, Query(description="Projects with this user among the members")] = None,
    q: Annotated[str | None, Query(max_length=200, pattern=NO_NUL, description="Text in the project's name")] = None,
    sort: Sort = "updated",
    order: Order = "desc",
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    cursor: Cursor = None,
    min_position: MinPosition = None,
) -> Response:
    """List the projects you may see, with counts per status (employees: their teams'; client users: their own)."""
    wait_for_view(conn, container, VIEW, min_position)
    f = ProjectFilter(
        status=[s.value for s in status_] if status_ else None,
        client_id=str(client_id) if client_id else None,
        manager_id=str(manager_id) if manager_id else None,
        member_id=str(member_id) if member_id else None,
        text=q,
    )
    page = list_projects(conn, scope, f, sort=sort, order=order, limit=limit, cursor=cursor)
    return json_response(ProjectPageOut.model_validate(page, from_attributes=True))


@router.get(
    "/{project_id}",
    response_model=ProjectOverviewOut | ProjectAtVersionOut,
    dependencies=READ,
    responses={200: {"headers": ETAG}},
)
def read_project(  # noqa: PLR0913
    project_id: UUID,
    container: Container,
    conn: ReadConn,
    scope: ReaderScope,
    projects: Projects,
    version: Annotated[int | None, Query(ge=1, description="Rebuild the project as it was at this version")] = None,
    min_position: MinPosition = None,
) -> Response:
    """A project's overview: milestones, what is live where, documents, task counts; with `version`, as it stood."""
    for view in OVERVIEW_VIEWS:
        wait_for_view(conn, container, view, min_position)
    if version is not None:
        if project_row(conn, scope, project_id) is None:
            raise ProblemError(404, "Not found", f"No project with id {project_id}.")
        return json_response(_at_version(projects.load(Project, project_id, version=version), scope))
    row = get_project(conn, scope, project_id)
    if row is None:
        raise ProblemError(404, "Not found", f"No project with id {project_id}.")
    row["documents"] = document_links(row["documents"])
    return json_response(ProjectOverviewOut.model_validate(row), headers={"ETag": f'"{row["version"]}"'})


def _at_version(project: Project, scope: Scope) -> ProjectAtVersionOut:
    internal = {"members": project.member_ids, "budget_hours": project.budget_hours, "notes_count": project.notes_count}
    return ProjectAtVersionOut.model_validate(
        {
            "id": project.id,
            "version": project.version,
            "as_of": project.modified_on,
            "name": project.name,
            "client_id": project.client_id,
            "description": project.description,
            "start_date": project.start_date or None,
            "target_date": project.target_date or None,
            "manager_id": project.manager_id,
            "status": project.status,
            "internal": internal if scope.is_staff else None,
        }
    )


@router.patch("/{project_id}", response_model=CommandOut, dependencies=WRITE)
def update_project(
    project_id: UUID, body: ProjectUpdate, ctx: CommandCtx, projects: Projects, expected: ExpectedVersion
) -> CommandOut:
    """Change the name, description or dates (admins and the project's manager, while it is open)."""
    given = {k: v for k, v in body.model_dump(exclude_unset=True).items() if v is not None}
    return out(projects.change_details(ctx, project_id, ProjectChanges(**given), expected_version=expected))


@router.put("/{project_id}/budget", response_model=CommandOut, dependencies=WRITE)
def change_budget(
    project_id: UUID, body: ProjectBudgetChange, ctx: CommandCtx, projects: Projects, expected: ExpectedVersion
) -> CommandOut:
    """Set, change or remove (null) the budget in hours."""
    return out(projects.change_budget(ctx, project_id, body.budget_hours, expected_version=expected))


@router.post("/{project_id}/status", response_model=CommandOut, dependencies=WRITE)
def change_project_status(
    project_id: UUID, body: ProjectStatusChange, ctx: CommandCtx, projects: Projects, expected: ExpectedVersion
) -> CommandOut:
    """Move the project: planning -> active <-> on_hold, active -> in_review -> completed, open -> cancelled."""
    return out(projects.change_status(ctx, project_id, body.status, reason=body.reason, expected_version=expected))


@router.post("/{project_id}/manager", response_model=CommandOut, dependencies=WRITE)
def change_project_manager(
    project_id: UUID, body: ProjectManagerChange, ctx: CommandCtx, projects: Projects, expected: ExpectedVersion
) -> CommandOut:
    """Give the project to another manager (admins)."""
    return out(projects.change_manager(ctx, project_id, body.manager_id, expected_version=expected))


@router.post("/{project_id}/members", response_model=CommandOut, dependencies=WRITE)
def add_project_member(
    project_id: UUID, body: ProjectMemberAdd, ctx: CommandCtx, projects: Projects, expected: ExpectedVersion
) -> CommandOut:
    """Add an admin or employee to the team."""
    return out(projects.add_member(ctx, project_id, body.user_id, expected_version=expected))


@router.delete("/{project_id}/members/{user_id}", response_model=CommandOut, dependencies=WRITE)
def remove_project_member(
    project_id: UUID, user_id: UUID, ctx: CommandCtx, projects: Projects, expected: ExpectedVersion
) -> CommandOut:
    """Take someone off the team (their tasks stay assigned until reassigned)."""
    return out(projects.remove_member(ctx, project_id, user_id, expected_version=expected))


@router.post(
    "/{project_id}/notes",
    status_code=status.HTTP_201_CREATED,
    response_model=ProjectNoteCommandOut,
    dependencies=WRITE,
    responses={201: {"headers": LOCATION}},
)
def add_project_note(  # noqa: PLR0913
    project_id: UUID,
    body: ProjectNoteCreate,
    ctx: CommandCtx,
    projects: Projects,
    expected: ExpectedVersion,
    response: Response,
) -> ProjectNoteCommandOut:
    """Write a note (the team; `kickoff` for the kickoff meeting's notes); staff read them on the overview."""
    note_id = uuid4()
    result = projects.add_note(
        ctx, project_id, body.text, kickoff=body.kickoff, note_id=note_id, expected_version=expected
    )
    response.headers["Location"] = f"/projects/{project_id}"
    return ProjectNoteCommandOut(id=result.id, version=result.version, position=result.position, note_id=note_id)
