"""What billing's routes share: not-found problems, reading a record as it stood, and who may see its history."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar
from uuid import UUID

from api.problems import ProblemError
from domain.aggregate import BatonAggregate
from domain.application import BatonApplication
from domain.errors import NotFound
from projections.scope import Scope


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


A = TypeVar("A", bound=BatonAggregate)


def at_version(  # noqa: PLR0913
    app: BatonApplication,
    scope: Scope,
    cls: type[A],
    record_id: UUID,
    version: int,
    *,
    what: str,
    visible: Callable[[A], bool],
) -> A:
    """The record as it stood at ``version``, if the reader may see it then (``visible``); otherwise a 404.

    A client user learns nothing of records or versions they may not see: an unknown version is a 404 for
    them, while staff get the message naming the latest version.
    """
    try:
        record = app.load(cls, record_id, version=version)
    except NotFound:
        if not scope.is_staff:
            raise not_found(what, record_id) from None
        raise
    if not visible(record):
        raise not_found(what, record_id)
    return record


def etag(version: int) -> dict[str, str]:
    return {"ETag": f'"{version}"'}


@contextmanager
def named_in_body() -> Iterator[None]:
    """A record the body names that does not exist is bad input (422), not a missing resource (404)."""
    try:
        yield
    except NotFound as exc:
        raise ProblemError(422, "Invalid input", f"{exc.detail} It is named in the request body.") from None
