"""Tasks: create, list, read (also as of a version), edit, reassign, move through review, comment, delete."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID, uuid4

from fastapi import Query, Response, status
from psycopg import Connection

from api.contract import resource_router
from api.deps import CommandCtx, ExpectedVersion, ReadConn, commands
from api.deps import ContainerDep as Container
from api.policy import ReaderScope, performs
from api.problems import ProblemError
from api.projects.values import IsoDate
from api.reads import MinPosition, wait_for_view
from api.schemas import ETAG, LOCATION, NO_NUL, CommandOut, Cursor, json_response, out
from api.tasks.schemas import (
    TaskAtVersionOut,
    TaskCommentCommandOut,
    TaskCommentCreate,
    TaskCreate,
    TaskDetailOut,
    TaskPageOut,
    TaskReassignment,
    TaskStatusChange,
    TaskUpdate,
)
from domain.errors import NotFound
from domain.projects import Project
from domain.tasks import NewTask, Task, TaskChanges, TaskStatus
from domain.tasks.commands import TaskCommands
from projections.delivery.handles import team_handles
from projections.delivery.task_queries import Order, Sort, TaskFilter, get_task, list_tasks, task_visible

router = resource_router("/tasks", "tasks")
READ, WRITE = [performs("tasks.read")], [performs("tasks.write")]
# A task names its project in the body: an unknown project is a 404 too.
CREATE = [performs("tasks.write", raises=(NotFound,))]
VIEW = "task_board"
Tasks = Annotated[TaskCommands, commands(TaskCommands)]


def handles(conn: Connection[object], tasks: TaskCommands, task_id: UUID) -> dict[str, str]:
    """The @handles of the task's project team, so mentions by name resolve to user ids."""
    project = tasks.load(Project, UUID(tasks.load(Task, task_id).project_id))
    return team_handles(conn, [project.manager_id, *project.member_ids])


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=CommandOut,
    dependencies=CREATE,
    responses={201: {"headers": LOCATION}},
)
def create_task(body: TaskCreate, ctx: CommandCtx, tasks: Tasks, response: Response) -> CommandOut:
    """Create a task on a project (admins and the project's manager); the assignee must be on its team."""
    task = NewTask(body.project_id, body.title, body.description, body.due_date, body.priority, body.assignee_id)
    result = tasks.add(ctx, task)
    response.headers["Location"] = f"/tasks/{result.id}"
    return out(result)


@router.get("", response_model=TaskPageOut, dependencies=READ)
def list_board(  # noqa: PLR0913
    container: Container,
    conn: ReadConn,
    scope: ReaderScope,
    project_id: UUID | None = None,
    assignee_id: UUID | None = None,
    status_: Annotated[list[TaskStatus] | None, Query(alias="status", description="One or more statuses")] = None,
    due_from: Annotated[IsoDate | None, Query(description="Due on or after (YYYY-MM-DD)")] = None,
    due_to: Annotated[IsoDate | None, Query(description="Due on or before (YYYY-MM-DD)")] = None,
    mine: Annotated[bool, Query(description="Only tasks assigned to you")] = False,
    q: Annotated[str | None, Query(max_length=200, pattern=NO_NUL, description="Text in the title")] = None,
    sort: Sort = "updated",
    order: Order = "desc",
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    cursor: Cursor = None,
    min_position: MinPosition = None,
) -> Response:
    """List the tasks you may see (employees: their projects'), with counts per status; `mine` marks your own."""
    wait_for_view(conn, container, VIEW, min_position)
    f = TaskFilter(
        project_id=project_id,
        assignee_id=str(assignee_id) if assignee_id else None,
        status=[s.value for s in status_] if status_ else None,
        due_from=due_from,
        due_to=due_to,
        mine=mine,
        text=q,
    )
    page = list_tasks(conn, scope, f, sort=sort, order=order, limit=limit, cursor=cursor)
    return json_response(TaskPageOut.model_validate(page, from_attributes=True))


@router.get(
    "/{task_id}", response_model=TaskDetailOut | TaskAtVersionOut, dependencies=READ, responses={200: {"headers": ETAG}}
)
def read_task(  # noqa: PLR0913
    task_id: UUID,
    container: Container,
    conn: ReadConn,
    scope: ReaderScope,
    tasks: Tasks,
    version: Annotated[int | None, Query(ge=1, description="Rebuild the task as it was at this version")] = None,
    min_position: MinPosition = None,
) -> Response:
    """One task with its latest comments; with `version`, the task as it stood then (deleted tasks too)."""
    wait_for_view(conn, container, VIEW, min_position)
    if version is not None:
        if not task_visible(conn, scope, task_id):
            raise ProblemError(404, "Not found", f"No task with id {task_id}.")
        task = tasks.load(Task, task_id, version=version)
        at = TaskAtVersionOut.model_validate(
            {
                "id": task.id,
                "version": task.version,
                "as_of": task.modified_on,
                "project_id": task.project_id,
                "title": task.title,
                "description": task.description,
                "due_date": task.due_date or None,
                "priority": task.priority,
                "assignee_id": task.assignee_id,
                "status": task.status,
                "deleted": task.deleted,
            }
        )
        return json_response(at)
    row = get_task(conn, scope, task_id)
    if row is None:
        raise ProblemError(404, "Not found", f"No task with id {task_id}.")
    return json_response(TaskDetailOut.model_validate(row), headers={"ETag": f'"{row["version"]}"'})


@router.patch("/{task_id}", response_model=CommandOut, dependencies=WRITE)
def update_task(
    task_id: UUID, body: TaskUpdate, ctx: CommandCtx, tasks: Tasks, expected: ExpectedVersion
) -> CommandOut:
    """Change a task's title, description, due date or priority (admins and the project's manager)."""
    given = {k: v for k, v in body.model_dump(exclude_unset=True).items() if v is not None}
    return out(tasks.change_details(ctx, task_id, TaskChanges(**given), expected_version=expected))


@router.post("/{task_id}/assignee", response_model=CommandOut, dependencies=WRITE)
def reassign_task(
    task_id: UUID, body: TaskReassignment, ctx: CommandCtx, tasks: Tasks, expected: ExpectedVersion
) -> CommandOut:
    """Give the task to another member of the project's team, or to nobody (admins and the project's manager)."""
    return out(tasks.reassign(ctx, task_id, body.assignee_id, expected_version=expected))


@router.post("/{task_id}/status", response_model=CommandOut, dependencies=WRITE)
def move_task(  # noqa: PLR0913
    task_id: UUID, body: TaskStatusChange, ctx: CommandCtx, tasks: Tasks, conn: ReadConn, expected: ExpectedVersion
) -> CommandOut:
    """Move a task: its assignee up to `in_review`; an admin or the manager accepts (`done`), sends it back or
    reopens it once done (`in_progress`, with a comment)."""
    mentions = handles(conn, tasks, task_id) if body.comment.strip() else None
    result = tasks.change_status(
        ctx, task_id, body.status, comment=body.comment, handles=mentions, expected_version=expected
    )
    return out(result)


@router.post(
    "/{task_id}/comments",
    status_code=status.HTTP_201_CREATED,
    response_model=TaskCommentCommandOut,
    dependencies=WRITE,
    responses={201: {"headers": LOCATION}},
)
def comment_on_task(  # noqa: PLR0913
    task_id: UUID,
    body: TaskCommentCreate,
    ctx: CommandCtx,
    tasks: Tasks,
    conn: ReadConn,
    expected: ExpectedVersion,
    response: Response,
) -> TaskCommentCommandOut:
    """Comment on a task (admins, its assignee, the project's team); @mentions are kept as user ids."""
    comment_id = uuid4()
    result = tasks.comment(
        ctx, task_id, body.text, comment_id=comment_id, handles=handles(conn, tasks, task_id), expected_version=expected
    )
    response.headers["Location"] = f"/tasks/{task_id}"
    return TaskCommentCommandOut(id=result.id, version=result.version, position=result.position, comment_id=comment_id)


@router.delete("/{task_id}", response_model=CommandOut, dependencies=WRITE)
def delete_task(
    task_id: UUID,
    ctx: CommandCtx,
    tasks: Tasks,
    expected: ExpectedVersion,
    reason: Annotated[str, Query(max_length=2_000, pattern=NO_NUL, description="Why it was deleted")] = "",
) -> CommandOut:
    """Delete a task (admins and the project's manager): hidden from every view, kept in the history."""
    return out(tasks.delete(ctx, task_id, reason=reason, expected_version=expected))
