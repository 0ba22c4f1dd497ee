"""Period locks: lock a month or a range for everyone or one person, unlock with a reason; the automatic lock."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import Query, Response, status

from api.contract import resource_router
from api.deps import CommandCtx, ContainerDep, ExpectedVersion, ReadConn, commands
from api.policy import ReaderScope, performs
from api.problems import ProblemError
from api.reads import MinPosition, wait_for_view
from api.schemas import ETAG, LOCATION, CommandOut, Cursor, json_response, out
from api.time.control_schemas import (
    AutoLockPolicyIn,
    AutoLockPolicyOut,
    PeriodLockCreate,
    PeriodLockOut,
    PeriodLockPageOut,
    PeriodUnlock,
)
from api.time.values import Day
from domain.time.lock_commands import LockCommands, NewPeriodLock
from domain.time.values import Month
from projections.time.control_queries import get_lock, list_locks, lock_policy

router = resource_router("/time", "time")
READ, LOCK = [performs("time.read")], [performs("time.lock")]
VIEW = "time_controls"
Locks = Annotated[LockCommands, commands(LockCommands)]


@router.post(
    "/locks", status_code=status.HTTP_201_CREATED, response_model=CommandOut, dependencies=LOCK,
    responses={201: {"headers": LOCATION}},
)  # fmt: skip
def lock_period(body: PeriodLockCreate, ctx: CommandCtx, locks: Locks, response: Response) -> CommandOut:
    """Lock a month or a range of days, for everyone or one person (admins)."""
    if body.month is not None and body.first_day is None and body.last_day is None:
        period = NewPeriodLock.month(Month.parse(body.month), body.person_id, body.reason)
    elif body.month is None and body.first_day is not None and body.last_day is not None:
        period = NewPeriodLock(body.first_day, body.last_day, body.person_id, body.reason)
    else:
        raise ProblemError(422, "Invalid period", "Give either 'month' (YYYY-MM) or both 'first_day' and 'last_day'.")
    result = locks.lock(ctx, period)
    response.headers["Location"] = f"/time/locks/{result.id}"
    return out(result)


@router.get("/locks", response_model=PeriodLockPageOut, dependencies=READ)
def list_period_locks(  # noqa: PLR0913
    container: ContainerDep,
    conn: ReadConn,
    scope: ReaderScope,
    active: Annotated[bool | None, Query(description="Only locks in force (true) or lifted (false)")] = None,
    on: Annotated[Day | None, Query(description="Only locks covering this day")] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    cursor: Cursor = None,
    min_position: MinPosition = None,
) -> Response:
    """Period locks, latest period first."""
    wait_for_view(conn, container, VIEW, min_position)
    page = list_locks(conn, scope, active=active, on=on, limit=limit, cursor=cursor)
    return json_response(PeriodLockPageOut.model_validate(page, from_attributes=True))


@router.get("/locks/{lock_id}", response_model=PeriodLockOut, dependencies=READ, responses={200: {"headers": ETAG}})
def read_period_lock(
    lock_id: UUID, container: ContainerDep, conn: ReadConn, scope: ReaderScope, min_position: MinPosition = None
) -> Response:
    """One period lock."""
    wait_for_view(conn, container, VIEW, min_position)
    row = get_lock(conn, scope, lock_id)
    if row is None:
        raise ProblemError(404, "Not found", f"No period lock with id {lock_id}.")
    return json_response(PeriodLockOut.model_validate(row), headers={"ETag": f'"{row["version"]}"'})


@router.post("/locks/{lock_id}/unlock", response_model=CommandOut, dependencies=LOCK)
def unlock_period(
    lock_id: UUID, body: PeriodUnlock, ctx: CommandCtx, locks: Locks, expected: ExpectedVersion
) -> CommandOut:
    """Lift a lock, saying why (admins)."""
    return out(locks.unlock(ctx, lock_id, body.reason, expected_version=expected))


@router.get("/lock-policy", response_model=AutoLockPolicyOut, dependencies=READ)
def read_lock_policy(container: ContainerDep, conn: ReadConn, min_position: MinPosition = None) -> Any:
    """Whether months lock themselves, and after how many days of grace."""
    wait_for_view(conn, container, VIEW, min_position)
    row = lock_policy(conn) or {"grace_days": None, "updated_at": None, "updated_by": "", "version": 0}
    return AutoLockPolicyOut.model_validate(row)


@router.put("/lock-policy", response_model=CommandOut, dependencies=LOCK)
def set_lock_policy(body: AutoLockPolicyIn, ctx: CommandCtx, locks: Locks) -> CommandOut:
    """Turn the automatic lock on (`grace_days` after each month ends) or off (null) (admins)."""
    return out(locks.set_policy(ctx, body.grace_days))
