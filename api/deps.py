"""Dependencies every route declares, as Annotated aliases."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Annotated, Any
from uuid import uuid4

from fastapi import Depends, Header, Request
from psycopg import Connection

from api.principal import SignedIn
from api.problems import ProblemError
from api.services import Services
from domain.context import Actor, CommandContext


# Dependencies that do no I/O are async: FastAPI runs sync ones on a worker
# thread, and those hops were a large share of a read's cost under load.
async def get_container(request: Request) -> Services:
    container: Services = request.app.state.container
    return container


ContainerDep = Annotated[Services, Depends(get_container)]


def get_read_connection(container: ContainerDep) -> Iterator[Connection[Any]]:
    with container.pool.connection() as conn:
        yield conn


ReadConn = Annotated[Connection[Any], Depends(get_read_connection)]


async def get_actor(principal: SignedIn) -> Actor:
    """Who is calling: the signed-in user of the session (401 without one)."""
    return principal.actor


ActorDep = Annotated[Actor, Depends(get_actor)]


async def get_correlation_id(request: Request) -> str:
    cid: str = getattr(request.state, "correlation_id", "") or str(uuid4())
    return cid


async def get_command_context(actor: ActorDep, correlation_id: Annotated[str, Depends(get_correlation_id)]) -> CommandContext:
    return CommandContext(actor=actor, now=datetime.now(UTC), correlation_id=correlation_id)


CommandCtx = Annotated[CommandContext, Depends(get_command_context)]


async def get_expected_version(
    if_match: Annotated[
        str | None,
        Header(description="The version you last read; a newer one on the server answers 412."),
    ] = None,
) -> int | None:
    if if_match is None or if_match.strip() == "*":
        return None
    raw = if_match.strip().removeprefix("W/").strip('"')
    if not raw.isdigit():
        msg = f"If-Match must be the version number you last read (e.g. If-Match: 3), not '{if_match[:40]}'."
        raise ProblemError(422, "Invalid If-Match header", msg)
    return int(raw)


ExpectedVersion = Annotated[int | None, Depends(get_expected_version)]


def wait_for_projection(container: Services, name: str, min_position: int | None) -> None:
    """Read-your-writes: wait (bounded) until ``name`` has applied ``min_position``."""
    if not min_position:
        return
    head = container.head()
    if min_position > head:
        # No command ever answered with this position: waiting would only tie up a worker.
        detail = (
            f"Position {min_position} is beyond the newest event in the log ({head}). "
            "Pass the position a command answered with."
        )
        raise ProblemError(422, "Unknown position", detail)
    timeout = container.settings.read_wait_timeout
    reached = container.wait_for_position(name, min_position, timeout)
    if reached is None or reached < min_position:
        detail = (
            f"The {name.replace('_', ' ')} view has not reached position {min_position} yet "
            f"(it is at {reached or 0}) after waiting {timeout:g}s. Retry shortly."
        )
        raise ProblemError(503, "View not caught up", detail, headers={"Retry-After": "1"})
