"""Dependencies every route declares, as Annotated aliases."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from typing import Annotated, Any, TypeVar
from uuid import uuid4

from fastapi import Depends, Header, Request
from psycopg import Connection
from pydantic import WithJsonSchema
from starlette.concurrency import run_in_threadpool

from api import one_hop
from api.principal import AnySession
from api.problems import ProblemError
from api.services import Services
from domain.commands import CommandGroup
from domain.context import Actor, CommandContext

G = TypeVar("G", bound=CommandGroup)


# Dependencies that do no I/O are async: FastAPI runs sync ones on a worker
# thread, and those hops were a large share of a read's cost under load.
async def get_container(request: Request) -> Services:
    container: Services = request.app.state.container
    return container


ContainerDep = Annotated[Services, Depends(get_container)]


@one_hop.marks
async def get_read_connection(container: ContainerDep) -> AsyncIterator[Connection[Any]]:
    """The request's pooled connection: on a one-hop route the one its session was checked on (api/one_hop.py)."""
    work = one_hop.RequestWork.current()
    if work is not None:
        yield work.connection()
        return
    conn = await run_in_threadpool(container.pool.getconn)
    try:
        yield conn
    finally:
        await run_in_threadpool(container.pool.putconn, conn)


ReadConn = Annotated[Connection[Any], Depends(get_read_connection)]


@one_hop.marks
async def get_actor(principal: AnySession) -> Actor:
    """Who is calling: the user of the session the route's declared action checked."""
    actor: Actor = one_hop.derive(principal, lambda p: p.actor)
    return actor


ActorDep = Annotated[Actor, Depends(get_actor)]


async def get_correlation_id(request: Request) -> str:
    cid: str = getattr(request.state, "correlation_id", "") or str(uuid4())
    return cid


@one_hop.marks
async def get_command_context(
    container: ContainerDep, actor: ActorDep, correlation_id: Annotated[str, Depends(get_correlation_id)]
) -> CommandContext:
    # The deployment's one clock (a movable one, on test and demo servers only, reads its offset from the database).
    context: CommandContext = one_hop.derive(
        actor, lambda a: CommandContext(actor=a, now=container.clock.now(), correlation_id=correlation_id)
    )
    return context


CommandCtx = Annotated[CommandContext, Depends(get_command_context)]


def commands(group: type[G]) -> Any:
    """``Depends`` on a slice's command group: ``projects: Annotated[ProjectCommands, commands(ProjectCommands)]``."""

    async def command_group(container: ContainerDep) -> G:
        return container.commands(group)

    command_group.__name__ = f"commands_{group.__name__}"
    return Depends(command_group)


# Spaces and tabs around the value are HTTP's optional whitespace (RFC 9110, 5.6.3).
IF_MATCH = r'^[ \t]*(\*|(W/)?"?[0-9]{1,18}"?)[ \t]*$'


async def get_expected_version(
    if_match: Annotated[
        str | None,
        Header(description='The version you last read (as in ETag: `3` or `"3"`); a newer one answers 412.'),
        WithJsonSchema({"type": "string", "pattern": IF_MATCH}),
    ] = None,
) -> int | None:
    if if_match is None or if_match.strip() == "*":
        return None
    if not re.fullmatch(IF_MATCH, if_match):
        msg = f"If-Match must be the version number you last read (e.g. If-Match: 3), not '{if_match[:40]}'."
        raise ProblemError(422, "Invalid If-Match header", msg)
    return int(if_match.strip().removeprefix("W/").strip('"'))


ExpectedVersion = Annotated[int | None, Depends(get_expected_version)]
