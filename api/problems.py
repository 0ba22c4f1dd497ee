"""RFC 9457 problem details: every error leaves the API in one shape."""

from __future__ import annotations

import logging
from typing import Any

import psycopg
from eventsourcing import persistence as es_persistence
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from psycopg_pool import PoolTimeout
from starlette.exceptions import HTTPException as StarletteHTTPException

from domain import errors
from projections.paging import BadCursor

log = logging.getLogger(__name__)

PROBLEM_JSON = "application/problem+json"

_STATUS_OF: list[tuple[type[errors.DomainError], int]] = [
    (errors.NotFound, 404),
    (errors.StaleVersion, 412),
    (errors.ConcurrentChange, 409),
    (errors.InvalidInput, 422),
    (errors.RuleViolation, 409),
]


def problem(
    status: int, title: str, detail: str, *, headers: dict[str, str] | None = None, **extra: Any
) -> JSONResponse:
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail, **extra}
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


class ProblemError(Exception):
    """Raised by routes to answer with a problem document."""

    def __init__(self, status: int, title: str, detail: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(detail)
        self.status, self.title, self.detail, self.headers = status, title, detail, headers


def _describe(error: dict[str, Any]) -> str:
    where = ".".join(str(p) for p in error.get("loc", ()) if p not in ("body",))
    message = str(error.get("msg", "is invalid"))
    if error.get("type") == "extra_forbidden":
        message = "is not a known field"
    elif error.get("type") == "json_invalid":
        return "The request body is not valid JSON: " + str(error.get("ctx", {}).get("error", "syntax error")) + "."
    return f"'{where}' {message[0].lower() + message[1:]}" if where else message


def install(app: FastAPI) -> None:
    """Map every error Baton can raise to a problem response, once."""

    @app.exception_handler(errors.DomainError)
    async def domain_error(_: Request, exc: errors.DomainError) -> JSONResponse:
        # An error may carry its own status and headers (e.g. 429 with Retry-After).
        status = getattr(exc, "status", None) or next((code for cls, code in _STATUS_OF if isinstance(exc, cls)), 409)
        return problem(int(status), exc.title, exc.detail, headers=getattr(exc, "headers", None))

    @app.exception_handler(ProblemError)
    async def problem_error(_: Request, exc: ProblemError) -> JSONResponse:
        return problem(exc.status, exc.title, exc.detail, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(_: Request, exc: RequestValidationError) -> JSONResponse:
        details = [_describe(e) for e in exc.errors()]
        errors_out = [
            {"location": [str(p) for p in e.get("loc", ())], "message": str(e.get("msg"))} for e in exc.errors()
        ]
        return problem(422, "Invalid request", "; ".join(details) or "The request is invalid.", errors=errors_out)

    @app.exception_handler(BadCursor)
    async def bad_cursor(_: Request, exc: BadCursor) -> JSONResponse:
        return problem(422, "Invalid cursor", str(exc))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        titles = {
            404: "Not found",
            405: "Method not allowed",
            413: "Request too large",
            401: "Not authenticated",
            403: "Forbidden",
        }
        return problem(
            exc.status_code,
            titles.get(exc.status_code, "Request refused"),
            str(exc.detail),
            headers=getattr(exc, "headers", None),
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
