"""The FastAPI application factory."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi_offline import FastAPIOffline

from api import policy, problems
from api.limits import RequestLimits
from api.routes import audit, auth, health, leads, me, users
from api.services import Services

DESCRIPTION = """
Baton is the event-sourced operations core of a digital agency. Every change is an
immutable event; every list is a projection that can be rebuilt from history.

Commands answer with `id`, `version` and `position`. Pass `position` as
`min_position` to a read to see your own write. Send `If-Match: <version>` on
updates: a stale version answers 412. Errors are RFC 9457 problem+json.
"""


def create_app(container: Services, *, manage_container: bool = False) -> FastAPI:
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
    # Access rules for whole resources; the rules themselves live in api/policy.py.
    app.include_router(leads.router, dependencies=[policy.staff_only])
    app.include_router(audit.router, dependencies=[policy.admin_only])
    app.include_router(auth.router)
    app.include_router(me.router)
    app.include_router(users.router)
    return app
