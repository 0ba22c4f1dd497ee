"""Overrides (log time on a paused project, by the manager's leave) and hour tags."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import Query, Response, status

from api.contract import resource_router
from api.deps import CommandCtx, ContainerDep, ExpectedVersion, ReadConn, commands
from api.policy import ReaderScope, performs
from api.problems import ProblemError
from api.reads import MinPosition, wait_for_view
from api.schemas import ETAG, CommandOut, Cursor, json_response, out
from api.time.control_schemas import (
    HourTagCreate,
    HourTagListOut,
    TimeOverrideCreate,
    TimeOverrideOut,
    TimeOverridePageOut,
    TimeOverrideRevoke,
)
from domain.time.override_commands import OverrideCommands, TagCommands
from projections.time.control_queries import get_override, list_overrides, list_tags

router = resource_router("/time", "time")
READ = [performs("time.read")]
VIEW = "time_controls"
Overrides = Annotated[OverrideCommands, commands(OverrideCommands)]
Tags = Annotated[TagCommands, commands(TagCommands)]


@router.post("/overrides", status_code=status.HTTP_201_CREATED, response_model=CommandOut,
             dependencies=[performs("time.override")])  # fmt: skip
def grant_override(body: TimeOverrideCreate, ctx: CommandCtx, overrides: Overrides) -> CommandOut:
    """Let a staff member log time on a project whatever its status (its manager, or an admin)."""
    return out(overrides.grant(ctx, body.project_id, body.person_id, body.reason))


@router.post("/overrides/{override_id}/revoke", response_model=CommandOut, dependencies=[performs("time.override")])
def revoke_override(
    override_id: UUID, body: TimeOverrideRevoke, ctx: CommandCtx, overrides: Overrides, expected: ExpectedVersion
) -> CommandOut:
    """Withdraw an override: time follows the project's status again."""
    return out(overrides.revoke(ctx, override_id, body.reason, expected_version=expected))


@router.get("/overrides", response_model=TimeOverridePageOut, dependencies=READ)
def list_time_overrides(  # noqa: PLR0913
    container: ContainerDep,
    conn: ReadConn,
    scope: ReaderScope,
    project_id: UUID | None = None,
    person_id: UUID | None = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    cursor: Cursor = None,
    min_position: MinPosition = None,
) -> Response:
    """Overrides you may see: yours, those on projects you manage (admins: all), newest first."""
    wait_for_view(conn, container, VIEW, min_position)
    page = list_overrides(conn, scope, project_id=project_id, person_id=person_id, limit=limit, cursor=cursor)
    return json_response(TimeOverridePageOut.model_validate(page, from_attributes=True))


@router.get(
    "/overrides/{override_id}", response_model=TimeOverrideOut, dependencies=READ, responses={200: {"headers": ETAG}}
)
def read_override(
    override_id: UUID, container: ContainerDep, conn: ReadConn, scope: ReaderScope, min_position: MinPosition = None
) -> Response:
    """One override."""
    wait_for_view(conn, container, VIEW, min_position)
    row = get_override(conn, scope, override_id)
    if row is None:
        raise ProblemError(404, "Not found", f"No override with id {override_id}.")
    return json_response(TimeOverrideOut.model_validate(row), headers={"ETag": f'"{row["version"]}"'})


@router.get("/tags", response_model=HourTagListOut, dependencies=READ)
def list_time_tags(container: ContainerDep, conn: ReadConn, min_position: MinPosition = None) -> Response:
    """Hour tags: ProjectManagement and Meetings (built in), then those admins added."""
    wait_for_view(conn, container, VIEW, min_position)
    return json_response(HourTagListOut(items=list_tags(conn)))  # type: ignore[arg-type]


@router.post("/tags", status_code=status.HTTP_201_CREATED, response_model=CommandOut,
             dependencies=[performs("time.tags")])  # fmt: skip
def add_time_tag(body: HourTagCreate, ctx: CommandCtx, tags: Tags) -> CommandOut:
    """Add an hour tag (admins)."""
    return out(tags.add(ctx, body.name, body.description))
