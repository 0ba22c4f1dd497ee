"""Liveness and readiness for orchestrators and load balancers."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from api.contract import resource_router
from api.deps import ContainerDep, ReadConn
from api.policy import performs
from projections.engine import catalog
from projections.engine.runner import head_position

router = resource_router("", "health")
HEALTH = [performs("health.read")]


class StatusOut(BaseModel):
    status: str


class ViewLag(BaseModel):
    position: int
    lag: int
    last_error: str | None


class ReadinessOut(BaseModel):
    """Ready when the database answers; each view's position and lag, and the broker's state."""

    status: str
    database: str
    broker: str
    projections: dict[str, ViewLag]
    head: int | None = None


class ServiceOut(BaseModel):
    """What answers at this address, and where to go next."""

    name: str
    version: str
    description: str
    links: dict[str, str] = Field(description="Where the docs, the OpenAPI document and the health checks are")


@router.get("/", response_model=ServiceOut, dependencies=[performs("docs.read")])
async def service(request: Request) -> ServiceOut:
    """Baton's name and version, and links to its documentation and health checks."""
    return ServiceOut(
        name="Baton",
        version=request.app.version,
        description="The event-sourced operations core of a digital agency: a JSON API.",
        links={
            "docs": "/docs",
            "redoc": "/redoc",
            "openapi": "/openapi.json",
            "health": "/healthz",
            "readiness": "/readyz",
            "sign_in": "/auth/login",
        },
    )


@router.get("/healthz", response_model=StatusOut, dependencies=HEALTH)
async def healthz() -> StatusOut:
    """The process is up."""
    return StatusOut(status="ok")


@router.get("/healthz/db", response_model=StatusOut, dependencies=HEALTH)
def healthz_db(conn: ReadConn) -> StatusOut:
    """The database answers `SELECT 1` through the read pool (the floor for read latency)."""
    conn.execute("SELECT 1").fetchone()
    return StatusOut(status="ok")


@router.get(
    "/readyz",
    response_model=ReadinessOut,
    dependencies=HEALTH,
    responses={503: {"model": ReadinessOut, "description": "The database cannot be reached"}},
)
def readyz(container: ContainerDep) -> JSONResponse:
    """Ready when the database answers; reports projection lag and the broker."""
    body = ReadinessOut(status="ready", database="ok", broker=container.broker_state(), projections={})
    try:
        with container.pool.connection() as conn:
            body.head = head = head_position(conn, container.source)
            for gen in catalog.generations(conn):
                if gen.status == "retired":
                    continue
                name = gen.name + ("" if gen.status == "active" else f" (building g{gen.generation})")
                body.projections[name] = ViewLag(
                    position=gen.position, lag=max(head - gen.position, 0), last_error=gen.last_error
                )
    except Exception as exc:  # readiness reports failure rather than raising it
        body = ReadinessOut(
            status="unavailable", database=f"unreachable: {type(exc).__name__}", broker=body.broker, projections={}
        )
        return JSONResponse(body.model_dump(), status_code=503)
    if body.broker != "ok":
        body.status = "degraded"
    return JSONResponse(body.model_dump(), status_code=200)
