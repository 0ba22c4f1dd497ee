"""The bench's own build of the app: Baton's API plus the floors its HTTP figures are measured against.

The floors exist only here, never in production routes. Each is the least a
route of this app can do for its kind of request, through the same middleware,
the same pool and the same one worker-thread hop a Baton route takes:

- ``GET /bench/select-1``: one pooled connection, ``SELECT 1``; the floor of a read.
- ``POST /bench/insert``: the JSON body ``POST /leads`` takes, then one transaction
  inserting one row the size of a stored ``Lead.Registered`` event into a copy of
  the events table; the floor of a command.
"""

from __future__ import annotations

import contextlib
from typing import Any
from uuid import uuid4

import psycopg
from fastapi import APIRouter, Body, FastAPI, Response

from api.app import create_app
from baton.container import EVENTS_TABLE, Container, build
from baton.settings import Settings

FLOOR_TABLE = "bench_floor_events"
OK = b'{"status":"ok"}'


def ensure_floor_table(container: Container) -> None:
    """A copy of the events table (columns, keys, indexes) for the insert floor."""
    with container.pool.connection() as conn, contextlib.suppress(psycopg.errors.UniqueViolation):
        # Several API processes may start at once: one of them creates it.
        conn.execute(f"CREATE TABLE IF NOT EXISTS {FLOOR_TABLE} (LIKE {EVENTS_TABLE} INCLUDING ALL)")


def event_size(container: Container) -> int:
    """Bytes of a stored Lead.Registered event (its state), the size the insert floor writes."""
    with container.pool.connection() as conn:
        row = conn.execute(
            f"SELECT octet_length(state) FROM {EVENTS_TABLE} WHERE topic LIKE %s ORDER BY notification_id DESC LIMIT 1",  # noqa: S608
            ("%Lead.Registered",),
        ).fetchone()
    return int(row[0]) if row else 400


def floor_router(container: Container) -> APIRouter:
    router = APIRouter(prefix="/bench", include_in_schema=False)
    pool = container.pool
    insert = f"INSERT INTO {FLOOR_TABLE} (originator_id, originator_version, topic, state) VALUES (%s, 1, %s, %s)"  # noqa: S608
    state = {"bytes": b""}

    @router.get("/select-1")
    def select_one() -> Response:
        with pool.connection() as conn:
            conn.execute("SELECT 1").fetchone()
        return Response(OK, media_type="application/json")

    @router.post("/insert", status_code=201)
    def insert_row(body: dict[str, Any] = Body(...)) -> Response:  # noqa: B008 - FastAPI's way
        if not state["bytes"]:
            state["bytes"] = b"x" * event_size(container)
        with pool.connection() as conn, conn.transaction():
            conn.execute(insert, (uuid4(), "bench.floor.Inserted", state["bytes"]))
        return Response(OK, media_type="application/json", status_code=201)

    return router


def app_for(container: Container, *, manage_container: bool = False) -> FastAPI:
    ensure_floor_table(container)
    app = create_app(container, manage_container=manage_container)
    app.include_router(floor_router(container))
    return app


def create() -> FastAPI:
    """One of several API processes (``--workers N``): its own container, closed on shutdown."""
    return app_for(build(Settings()), manage_container=True)
