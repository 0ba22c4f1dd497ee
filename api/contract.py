"""The OpenAPI contract: every route documents every answer it can give, derived here, once.

A route declares its action (``performs``) and its shape (parameters, body, If-Match,
reads of a view); ``ContractRoute`` turns those into the route's error answers, each
an RFC 9457 problem (``Problem``) under ``application/problem+json`` with the headers
its status always carries. Routers get it from ``resource_router``.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Iterator, Sequence
from typing import Any
from uuid import UUID

from fastapi import APIRouter, FastAPI, Request, Response, params
from fastapi.dependencies.models import Dependant
from fastapi.dependencies.utils import get_dependant, get_parameterless_sub_dependant
from pydantic import BaseModel, Field

from api import deps
from api.bounded_json import BoundedJsonRequest, unknown_query_parameters
from api.one_hop import OneHopRoute
from api.policy import EVERYONE, declared
from api.principal import current_session
from api.problems import CHALLENGE, MAX_LISTED_ERRORS, PROBLEM_JSON, status_of

PROBLEM_REF = "#/components/schemas/Problem"
# Routes the framework adds to serve the documentation: they perform "docs.read" (the route test knows them).
DOCUMENTATION_ROUTES = frozenset({"/openapi.json", "/docs", "/docs/oauth2-redirect", "/redoc", "/static-offline-docs"})
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


class ProblemFieldError(BaseModel):
    """One invalid part of a request: where it is and what is wrong with it."""

    location: list[str] = Field(description='Where, e.g. ["body", "name"] or ["query", "limit"]')
    message: str


class Problem(BaseModel):
    """An RFC 9457 problem document: every error answer has this shape."""

    type: str = Field(default="about:blank", description="Always about:blank: `title` names the kind of problem")
    title: str = Field(description="The kind of problem, the same for every occurrence")
    status: int = Field(description="The HTTP status of the answer")
    detail: str = Field(description="What went wrong this time, written for a person")
    errors: list[ProblemFieldError] = Field(
        default_factory=list,
        description=f"For invalid requests (422): one entry per invalid field, the first {MAX_LISTED_ERRORS} only",
    )
    error_count: int | None = Field(
        default=None, description="For invalid requests (422): how many invalid fields there are in all"
    )


_WHY = {
    401: "Not signed in, the session ended, or the credentials are wrong",
    403: "Signed in, but not allowed to perform this action (the detail names it)",
    404: "No such record (or none you may see)",
    409: "A business rule refuses it, or the record changed at the same moment",
    410: "The invitation link expired, was used or was replaced",
    412: "If-Match names an older version than the record's",
    413: "The request body is too large",
    422: "The request is malformed: the detail says what, `errors` lists each field",
    429: "Too many attempts: wait the number of seconds in Retry-After",
    503: "The database or a view is not available right now: retry after Retry-After seconds",
}
_SECONDS = {"type": "string", "pattern": "^[0-9]+$"}
_HEADERS = {
    401: {"WWW-Authenticate": {"description": f"Always `{CHALLENGE}`", "required": True, "schema": {"type": "string"}}},
    429: {"Retry-After": {"description": "Seconds to wait", "required": True, "schema": _SECONDS}},
    503: {"Retry-After": {"description": "Seconds to wait", "required": True, "schema": _SECONDS}},
}


def problem_answer(status: int) -> dict[str, Any]:
    """The OpenAPI response object of an error answer with ``status``."""
    answer: dict[str, Any] = {
        "description": _WHY[status],
        "content": {PROBLEM_JSON: {"schema": {"$ref": PROBLEM_REF}}},
    }
    if status in _HEADERS:
        answer["headers"] = _HEADERS[status]
    return answer


def _calls(dependant: Dependant) -> Iterator[Any]:
    for sub in dependant.dependencies:
        yield sub.call
        yield from _calls(sub)


def _params(dependant: Dependant) -> Iterator[Any]:
    yield from dependant.path_params + dependant.query_params + dependant.header_params + dependant.cookie_params
    for sub in dependant.dependencies:
        yield from _params(sub)


def _path_params(dependant: Dependant) -> Iterator[Any]:
    yield from dependant.path_params
    for sub in dependant.dependencies:
        yield from _path_params(sub)


def _queries(dependant: Dependant) -> list[Any]:
    found = list(dependant.query_params)
    for sub in dependant.dependencies:
        found += _queries(sub)
    return found


def error_statuses(dependant: Dependant, methods: set[str]) -> set[int]:
    """The error statuses a route can answer, from its declared action and its shape."""
    actions = list(declared(dependant))
    calls = set(_calls(dependant))
    unsafe = bool(methods & UNSAFE)
    statuses = {status_of(error) for action in actions for error in action.raises}
    for action in actions:
        permission = action.permission
        if not permission.public:
            statuses.add(401)
            if permission.roles != EVERYONE or permission.stage == "full" or unsafe:
                statuses.add(403)  # unsafe: a cookie-signed request from another site's page (api/principal.py)
    if unsafe:
        statuses |= {409, 413, 422}
    if any(True for _ in _params(dependant)) or dependant.body_params:
        statuses.add(422)
    if any(field.field_info.annotation is UUID for field in _path_params(dependant)):
        statuses.add(404)  # the id of a record that may not exist (or that the caller may not see)
    if deps.get_expected_version in calls:
        statuses.add(412)
    if calls & {deps.get_container, deps.get_read_connection, current_session}:
        statuses.add(503)
    return statuses


class ContractRoute(OneHopRoute):
    """An API route whose error answers are documented from its action and shape."""

    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        dependant = get_dependant(path=path, call=endpoint)
        extra: Sequence[params.Depends] = kwargs.get("dependencies") or ()
        for depends in extra:
            dependant.dependencies.insert(0, get_parameterless_sub_dependant(depends=depends, path=path))
        methods = {m.upper() for m in kwargs.get("methods") or ()}
        derived = {status: problem_answer(status) for status in sorted(error_statuses(dependant, methods))}
        kwargs["responses"] = {**derived, **(kwargs.get("responses") or {})}
        super().__init__(path, endpoint, **kwargs)

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()
        known = frozenset(p.alias for p in _queries(self.dependant))

        async def checked(request: Request) -> Response:
            # Unknown query parameters are refused like unknown body fields; bodies parse with bounds.
            unknown_query_parameters(request, known)
            return await handler(BoundedJsonRequest(request.scope, request.receive))

        return checked


def resource_router(prefix: str, tag: str) -> APIRouter:
    """The router of one resource: its routes document their answers (``ContractRoute``)."""
    return APIRouter(prefix=prefix, tags=[tag], route_class=ContractRoute)


def install(app: FastAPI) -> None:
    """Serve an OpenAPI document that also defines ``Problem`` (referenced by every error answer)."""

    generate = app.openapi

    def openapi() -> dict[str, Any]:
        document = generate()  # FastAPI's own, built once and kept
        schemas = document.setdefault("components", {}).setdefault("schemas", {})
        if "Problem" not in schemas:
            problem = Problem.model_json_schema(ref_template="#/components/schemas/{model}", mode="serialization")
            schemas.update(problem.pop("$defs", {}))
            schemas["Problem"] = problem
        return document

    app.openapi = openapi  # type: ignore[method-assign]
