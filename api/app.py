"""The FastAPI application factory."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from uuid import uuid4

from fastapi import FastAPI, Request, Response
from fastapi_offline import FastAPIOffline
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint

from api import problems
from api.routes import audit, health, leads
from baton.container import Container

DESCRIPTION = """
Baton is the event-sourced operations core of a digital agency. Every change is an
immutable event; every list is a projection that can be rebuilt from history.

Commands answer with `id`, `version` and `position`. Pass `position` as
`min_position` to a read to see your own write. Send `If-Match: <version>` on
updates: a stale version answers 412. Errors are RFC 9457 problem+json.
"""


class RequestLimits(BaseHTTPMiddleware):
    """Correlation ids in and out, and a cap on body size."""

    def __init__(self, app: object, max_body_bytes: int) -> None:
        super().__init__(app)  # type: ignore[arg-type]
        self.max_body_bytes = max_body_bytes

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        correlation = request.headers.get("x-correlation-id", "")[:100] or str(uuid4())
        request.state.correlation_id = correlation
        length = request.headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_body_bytes):
            response: Response = problems.problem(
                413, "Request too large", f"The request body must be at most {self.max_body_bytes} bytes."
            )
        else:
            response = await call_next(request)
        response.headers["X-Correlation-ID"] = correlation
        return response


def create_app(container: Container, *, manage_container: bool = False) -> FastAPI:
    """Build the API around ``container`` (closed on shutdown if ``manage_container``)."""

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        if manage_container:
            container.close()

    app = FastAPIOffline(
        title="Baton",
        version="0.1.0",
        description=DESCRIPTION,
        lifespan=lifespan,
        generate_unique_id_function=lambda route: f"{route.tags[0]}-{route.name}" if route.tags else route.name,
    )
    app.state.container = container
    app.add_middleware(RequestLimits, max_body_bytes=container.settings.max_body_bytes)
    problems.install(app)
    app.include_router(health.router)
    app.include_router(leads.router)
    app.include_router(audit.router)
    return app
