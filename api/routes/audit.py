"""Audit: every event of a record, with who, when and why."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any
from uuid import UUID

from fastapi import Query
from fastapi.encoders import jsonable_encoder
from pydantic import BaseModel

from api.contract import resource_router
from api.deps import ContainerDep
from api.policy import performs
from api.problems import ProblemError

router = resource_router("/audit", "audit")

_META = {"originator_id", "originator_version", "timestamp", "actor_id", "actor_role", "correlation_id", "causation_id"}


class AuditActor(BaseModel):
    id: str
    role: str


class AuditEventOut(BaseModel):
    """One event as recorded: what happened, to which version, by whom."""

    topic: str
    version: int
    time: datetime
    actor: AuditActor
    correlation_id: str
    causation_id: str
    data: dict[str, Any]


class AuditTrailOut(BaseModel):
    aggregate_id: UUID
    events: list[AuditEventOut]
    next_after_version: int | None


def describe(event: Any) -> AuditEventOut:
    state = vars(event)
    data = {k: v for k, v in state.items() if k not in _META}
    if "originator_topic" in data:
        data["record_type"] = data.pop("originator_topic")
    return AuditEventOut(
        topic=getattr(type(event), "TOPIC", type(event).__qualname__),
        version=event.originator_version,
        time=event.timestamp,
        actor=AuditActor(id=state.get("actor_id", "unknown"), role=state.get("actor_role", "unknown")),
        correlation_id=state.get("correlation_id", ""),
        causation_id=state.get("causation_id", ""),
        data=jsonable_encoder(data),
    )


@router.get("/aggregates/{aggregate_id}/events", response_model=AuditTrailOut, dependencies=[performs("audit.read")])
def aggregate_events(
    aggregate_id: UUID,
    container: ContainerDep,
    after_version: Annotated[int, Query(ge=0, description="Only events after this version")] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
) -> AuditTrailOut:
    """The recorded events of one record, oldest first."""
    events = list(container.app.events.get(aggregate_id, gt=after_version or None, limit=limit + 1))
    if not events and after_version == 0:
        raise ProblemError(404, "Not found", f"Nothing has been recorded for id {aggregate_id}.")
    page = events[:limit]
    more = len(events) > limit
    return AuditTrailOut(
        aggregate_id=aggregate_id,
        events=[describe(e) for e in page],
        next_after_version=page[-1].originator_version if more and page else None,
    )
