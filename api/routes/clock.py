"""The deployment's clock, which admins may move forward on a test or demo server (BATON_MOVABLE_CLOCK)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated, Any

from fastapi import Depends
from pydantic import BaseModel, Field, WithJsonSchema, field_validator

from api.contract import problem_answer, resource_router
from api.deps import ContainerDep
from api.policy import performs
from api.problems import ProblemError
from api.services import MovableClock

router = resource_router("/clock", "clock")
NOT_MOVABLE: dict[int | str, dict[str, Any]] = {
    404: {**problem_answer(404), "description": "This server's clock cannot be moved (BATON_MOVABLE_CLOCK is off)"}
}

MOST = timedelta(days=3653)  # ten years at a time

Duration = Annotated[
    timedelta,
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "format": "duration", "examples": ["PT2H", "P3DT4H"]},
                {"type": "number", "minimum": 0, "maximum": MOST.total_seconds(), "description": "Seconds"},
            ]
        }
    ),
]


class ClockAdvance(BaseModel):
    """How far to move the clock forward."""

    by: Duration = Field(
        description="An ISO 8601 duration (`PT2H`, `P3DT4H`) or a number of seconds, at most 10 years."
    )

    @field_validator("by")
    @classmethod
    def _forward(cls, value: timedelta) -> timedelta:
        if value < timedelta(0):
            raise ValueError("the clock only moves forward")
        if value > MOST:
            raise ValueError("move the clock at most 10 years at a time")
        return value


class ClockOut(BaseModel):
    """The deployment's time, and how far it has been moved ahead of the system clock."""

    now: datetime = Field(description="The time every process of this deployment uses (ISO 8601, UTC)")
    offset_seconds: float = Field(description="How far ahead of the system clock it runs")


async def get_movable_clock(container: ContainerDep) -> MovableClock:
    clock = container.movable_clock
    if clock is None:
        detail = "This server's clock cannot be moved: start it with BATON_MOVABLE_CLOCK=true (never in production)."
        raise ProblemError(404, "Not found", detail)
    return clock


MovableClockDep = Annotated[MovableClock, Depends(get_movable_clock)]


def _out(clock: MovableClock, now: datetime) -> ClockOut:
    return ClockOut(now=now, offset_seconds=clock.offset().total_seconds())


@router.get("", dependencies=[performs("clock.control")], responses=NOT_MOVABLE)
def read_clock(clock: MovableClockDep) -> ClockOut:
    """The deployment's current time (only on a server with a movable clock)."""
    return _out(clock, clock.now())


@router.post("/advance", dependencies=[performs("clock.control")], responses=NOT_MOVABLE)
def advance_clock(body: ClockAdvance, clock: MovableClockDep) -> ClockOut:
    """Move the clock forward for every process of the deployment; deadlines now due fire."""
    try:
        now = clock.advance(body.by)
    except ValueError as exc:
        raise ProblemError(422, "Cannot move the clock", str(exc)) from None
    return _out(clock, now)
