"""RFC 9457 problem details: every error leaves the API in one shape."""

from __future__ import annotations

import logging
from typing import Any

import psycopg
from eventsourcing import persistence as es_persistence
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import iter_route_contexts
from psycopg_pool import PoolTimeout
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from api.bounded_json import TOO_MANY_FIELDS
from api.identity.keys import SecretKeyMismatch
from domain import errors
from domain.identity.errors import AccessDenied, InvitationUnusable, NotAuthenticated, TooManyAttempts
from projections.engine import BadCursor

log = logging.getLogger(__name__)

PROBLEM_JSON = "application/problem+json"
# An invalid request lists at most this many of its errors (and says how many there are): a body with
# thousands of wrong fields gets a short answer, not one larger than itself.
MAX_LISTED_ERRORS = 20

# The one map from error classes to HTTP statuses, most specific first. Domain errors
# carry no status: how an error is answered is the API's business, decided here.
_STATUS_OF: list[tuple[type[errors.DomainError], int]] = [
    (NotAuthenticated, 401),
    (AccessDenied, 403),
    (errors.NotPermitted, 403),  # before RuleViolation, its base
    (InvitationUnusable, 410),
    (TooManyAttempts, 429),
    (SecretKeyMismatch, 503),
    (errors.NotFound, 404),
    (errors.StaleVersion, 412),
    (errors.ConcurrentChange, 409),
    (errors.InvalidInput, 422),
    (errors.RuleViolation, 409),
]
# Headers an answer of that status always carries (and the OpenAPI document promises).
CHALLENGE = 'Bearer realm="baton"'
DEFAULT_RETRY_AFTER = "5"


def status_of(error: type[errors.DomainError]) -> int:
    """The status a domain error of class ``error`` is answered with."""
    return next((code for cls, code in _STATUS_OF if issubclass(error, cls)), 409)


def _required_headers(status: int, headers: dict[str, str] | None) -> dict[str, str] | None:
    if status == 401:
        return {"WWW-Authenticate": CHALLENGE, **(headers or {})}
    if status in (429, 503):
        return {"Retry-After": DEFAULT_RETRY_AFTER, **(headers or {})}
    return headers


def problem(
    status: int, title: str, detail: str, *, headers: dict[str, str] | None = None, **extra: Any
) -> JSONResponse:
    """An RFC 9457 problem document, with the headers its status always carries."""
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail, **extra}
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=_required_headers(status, headers))


class ProblemError(Exception):
    """Raised by routes to answer with a problem document."""

    def __init__(self, status: int, title: str, detail: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(detail)
        self.status, self.title, self.detail, self.headers = status, title, detail, headers


def allowed_methods(request: Request) -> str:
    """Every method some route of this path answers (a 405's ``Allow``), not only the first route's."""
    methods: set[str] = set()
    for route in iter_route_contexts(request.app.routes):
        match, _ = route.matches(request.scope)
        if match is not Match.NONE:
            methods |= route.methods or set()
    return ", ".join(sorted(methods))


def _describe(error: dict[str, Any]) -> str:
    where = ".".join(str(p) for p in error.get("loc", ()) if p not in ("body",))
    message = str(error.get("msg", "is invalid"))
    if error.get("type") == "extra_forbidden":
        message = "is not a known field"
    elif error.get("type") == "json_invalid":
        reason = str(error.get("ctx", {}).get("error", "syntax error"))
        if reason.startswith(TOO_MANY_FIELDS):
            return reason + "."
        return "The request body is not valid JSON: " + reason + "."
    return f"'{where}' {message[0].lower() + message[1:]}" if where else message


def install(app: FastAPI) -> None:
    """Map every error Baton can raise to a problem response, once."""

    @app.exception_handler(errors.DomainError)
    async def domain_error(_: Request, exc: errors.DomainError) -> JSONResponse:
        headers = {"Retry-After": str(exc.retry_after_seconds)} if isinstance(exc, TooManyAttempts) else None
        return problem(status_of(type(exc)), exc.title, exc.detail, headers=headers)

    @app.exception_handler(ProblemError)
    async def problem_error(_: Request, exc: ProblemError) -> JSONResponse:
        return problem(exc.status, exc.title, exc.detail, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(_: Request, exc: RequestValidationError) -> JSONResponse:
        every = exc.errors()
        listed = every[:MAX_LISTED_ERRORS]
        detail = "; ".join(_describe(e) for e in listed) or "The request is invalid."
        if len(every) > len(listed):
            detail += f"; and {len(every) - len(listed)} more problems (the first {len(listed)} are listed)"
        errors_out = [{"location": [str(p) for p in e.get("loc", ())], "message": str(e.get("msg"))} for e in listed]
        return problem(422, "Invalid request", detail, errors=errors_out, error_count=len(every))

    @app.exception_handler(BadCursor)
    async def bad_cursor(_: Request, exc: BadCursor) -> JSONResponse:
        return problem(422, "Invalid cursor", str(exc))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        titles = {
            404: "Not found",
            405: "Method not allowed",
            413: "Request too large",
            401: "Not authenticated",
            403: "Forbidden",
        }
        if exc.status_code == 400:
            # FastAPI's answer to a body it cannot even decode: malformed input, like invalid JSON (422).
            detail = "The request body could not be read: send JSON encoded as UTF-8."
            return problem(422, "Invalid request", detail, errors=[{"location": ["body"], "message": detail}])
        headers = getattr(exc, "headers", None)
        if exc.status_code == 405:
            headers = {**(headers or {}), "Allow": allowed_methods(request)}
        return problem(
            exc.status_code, titles.get(exc.status_code, "Request refused"), str(exc.detail), headers=headers
        )

    @app.exception_handler(psycopg.errors.UndefinedTable)
    async def not_built(_: Request, exc: psycopg.errors.UndefinedTable) -> JSONResponse:
        log.warning("read model missing: %s", exc)
        return problem(
            503,
            "Read model not ready",
            "This view is still being built. Try again in a few seconds.",
            headers={"Retry-After": "2"},
        )

    @app.exception_handler(psycopg.DataError)
    @app.exception_handler(es_persistence.DataError)
    async def value_out_of_range(_: Request, exc: Exception) -> JSONResponse:
        # A value that passed validation but the database cannot hold (a number out of range, say):
        # the caller's input, never our fault, and nothing was written.
        log.warning("value refused by the database: %s", exc)
        return problem(422, "Invalid value", "A value in the request is out of range or cannot be stored.")

    @app.exception_handler(psycopg.OperationalError)
    @app.exception_handler(psycopg.InterfaceError)
    @app.exception_handler(es_persistence.OperationalError)
    @app.exception_handler(es_persistence.InterfaceError)
    @app.exception_handler(PoolTimeout)
    async def database_down(_: Request, exc: Exception) -> JSONResponse:
        log.warning("database unavailable: %s", exc)
        return problem(
            503,
            "Database unavailable",
            "The database cannot be reached right now. Try again shortly.",
            headers={"Retry-After": "5"},
        )

    @app.exception_handler(Exception)
    async def unexpected(_: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error", exc_info=exc)
        return problem(500, "Internal error", "Something went wrong on our side; it has been logged.")
