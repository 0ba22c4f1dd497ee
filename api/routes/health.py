"""Liveness and readiness for orchestrators and load balancers."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from api.deps import ContainerDep, ReadConn
from projections import catalog

router = APIRouter(tags=["health"])


@router.get("/healthz")
def healthz() -> dict[str, str]:
    """The process is up."""
    return {"status": "ok"}


@router.get("/healthz/db")
def healthz_db(conn: ReadConn) -> dict[str, str]:
    """The database answers `SELECT 1` through the read pool (the floor for read latency)."""
    conn.execute("SELECT 1").fetchone()
    return {"status": "ok"}


@router.get("/readyz")
def readyz(container: ContainerDep) -> JSONResponse:
    """Ready when the database answers; reports projection lag and the broker."""
    body: dict[str, Any] = {
        "status": "ready",
        "database": "ok",
        "projections": {},
        "broker": container.broker_state(),
    }
    try:
        head = container.head()
        with container.pool.connection() as conn:
            for gen in catalog.generations(conn):
                if gen.status == "retired":
                    continue
                body["projections"][
                    f"{gen.name}" + ("" if gen.status == "active" else f" (building g{gen.generation})")
                ] = {
                    "position": gen.position,
                    "lag": max(head - gen.position, 0),
                    "last_error": gen.last_error,
                }
        body["head"] = head
    except Exception as exc:  # readiness reports failure rather than raising it
        body.update(status="unavailable", database=f"unreachable: {type(exc).__name__}")
        return JSONResponse(body, status_code=503)
    if body["broker"] != "ok":
        body["status"] = "degraded"
    return JSONResponse(body, status_code=200)
