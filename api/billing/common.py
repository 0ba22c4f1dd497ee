"""What billing's routes share: command answers, not-found problems, and who may see a record's history."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from uuid import UUID

from api.problems import ProblemError
from api.schemas import CommandOut
from domain.application import CommandResult
from domain.errors import NotFound
from projections.scope import Scope


def out(result: CommandResult) -> CommandOut:
    return CommandOut(id=result.id, version=result.version, position=result.position)


def not_found(what: str, record_id: UUID) -> ProblemError:
    return ProblemError(404, "Not found", f"No {what} with id {record_id}.")


def found(row: dict[str, Any] | None, what: str, record_id: UUID) -> dict[str, Any]:
    """``row``, or a 404 naming the record (also when the reader may not see it)."""
    if row is None:
        raise not_found(what, record_id)
    return row


def may_see_history(scope: Scope, client_id: str, shown_to_client: bool) -> bool:
    """Staff see every version; a client user their organisation's versions once shown to them."""
    return scope.is_staff or (
        scope.is_client and bool(scope.client_id) and scope.client_id == client_id and shown_to_client
    )


def etag(version: int) -> dict[str, str]:
    return {"ETag": f'"{version}"'}


@contextmanager
def named_in_body() -> Iterator[None]:
    """A record the body names that does not exist is bad input (422), not a missing resource (404)."""
    try:
        yield
    except NotFound as exc:
        raise ProblemError(422, "Invalid input", f"{exc.detail} It is named in the request body.") from None
