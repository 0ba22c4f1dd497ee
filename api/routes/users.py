"""Users: invitations and account administration (admins), a scoped directory (everyone)."""

from __future__ import annotations

import base64
import json
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Response, status

from api.deps import CommandCtx, ContainerDep, ReadConn, wait_for_projection
from api.policy import MayInviteUsers, MayReadUsers, RequireAdmin, user_scope
from api.problems import ProblemError
from api.routes.user_schemas import ReasonIn, RoleChange, UserInvite, UserOut, UserPageOut
from api.schemas import CommandOut
from domain.application import CommandResult
from projections.paging import BadCursor
from projections.user_queries import get_user, list_users

router = APIRouter(prefix="/users", tags=["users"])

MinPosition = Annotated[int | None, Query(ge=0, description="Wait until the directory has applied this position.")]


def _out(result: CommandResult) -> CommandOut:
    return CommandOut(id=result.id, version=result.version, position=result.position)


def _user(row: dict[str, object]) -> UserOut:
    return UserOut.model_validate({**row, "has_avatar": bool(row.get("avatar"))})


@router.post("", response_model=CommandOut, status_code=status.HTTP_201_CREATED)
def invite_user(
    body: UserInvite, _: MayInviteUsers, ctx: CommandCtx, container: ContainerDep, response: Response
) -> CommandOut:
    """Invite an employee, admin or client user; they receive an email with a 48-hour link."""
    result = container.users.invite(
        ctx, email=body.email, name=body.name, role=body.role, client_id=body.client_id.strip()
    )
    response.headers["Location"] = f"/users/{result.id}"
    return _out(result)


@router.get("", response_model=UserPageOut)
def list_directory(  # noqa: PLR0913
    principal: MayReadUsers,
    container: ContainerDep,
    conn: ReadConn,
    role: Annotated[str | None, Query(max_length=20)] = None,
    status_: Annotated[str | None, Query(alias="status", max_length=20)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    cursor: Annotated[str | None, Query(max_length=500)] = None,
    min_position: MinPosition = None,
) -> UserPageOut:
    """The users you may see, by name: admins everyone, employees staff, client users their organisation."""
    wait_for_projection(container, "user_directory", min_position)
    after = _decode(cursor) if cursor else (None, None)
    rows = list_users(
        conn, user_scope(principal), role=role, status=status_, limit=limit + 1, after_name=after[0], after_id=after[1]
    )
    page = rows[:limit]
    next_cursor = _encode(str(page[-1]["name"]), str(page[-1]["id"])) if len(rows) > limit else None
    return UserPageOut(items=[_user(r) for r in page], next_cursor=next_cursor)


def _encode(name: str, user_id: str) -> str:
    return base64.urlsafe_b64encode(json.dumps([name, user_id]).encode()).decode().rstrip("=")


def _decode(cursor: str) -> tuple[str, str]:
    try:
        name, user_id = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        return str(name), str(UUID(str(user_id)))
    except (ValueError, TypeError) as exc:
        raise BadCursor("The cursor is not valid for this list; start again without it.") from exc


@router.get("/{user_id}", response_model=UserOut)
def read_user(
    user_id: UUID, principal: MayReadUsers, container: ContainerDep, conn: ReadConn, min_position: MinPosition = None
) -> UserOut:
    """One user, if you may see them."""
    wait_for_projection(container, "user_directory", min_position)
    row = get_user(conn, user_scope(principal), user_id)
    if row is None:
        raise ProblemError(404, "Not found", f"No user with id {user_id}.")
    return _user(row)


@router.get("/{user_id}/avatar", response_class=Response)
def read_user_avatar(user_id: UUID, principal: MayReadUsers, container: ContainerDep, conn: ReadConn) -> Response:
    """A user's profile picture, if you may see them."""
    found = container.identity.avatars.get(user_id) if get_user(conn, user_scope(principal), user_id) else None
    if found is None:
        raise ProblemError(404, "Not found", f"No profile picture for user {user_id}.")
    return Response(content=found[1], media_type=found[0])


@router.post("/{user_id}/invitation/resend", response_model=CommandOut)
def resend_invitation(user_id: UUID, _: RequireAdmin, ctx: CommandCtx, container: ContainerDep) -> CommandOut:
    """Send a new invitation email; the previous link stops working."""
    return _out(container.users.resend_invitation(ctx, user_id))


@router.post("/{user_id}/invitation/revoke", response_model=CommandOut)
def revoke_invitation(
    user_id: UUID, body: ReasonIn, _: RequireAdmin, ctx: CommandCtx, container: ContainerDep
) -> CommandOut:
    """Withdraw a pending invitation."""
    return _out(container.identity.revoke_invitation(ctx, user_id, body.reason))


@router.post("/{user_id}/mfa/reset", response_model=CommandOut)
def reset_mfa(user_id: UUID, body: ReasonIn, _: RequireAdmin, ctx: CommandCtx, container: ContainerDep) -> CommandOut:
    """Remove a user's MFA (lost device); they enrol again at next sign-in and their sessions end."""
    return _out(container.identity.mfa.reset(ctx, user_id, body.reason))


@router.post("/{user_id}/role", response_model=CommandOut)
def change_role(
    user_id: UUID, body: RoleChange, _: RequireAdmin, ctx: CommandCtx, container: ContainerDep
) -> CommandOut:
    """Give a user another role; their sessions end so it applies at once."""
    return _out(container.identity.change_role(ctx, user_id, body.role, body.client_id.strip()))


@router.post("/{user_id}/deactivate", response_model=CommandOut)
def deactivate(user_id: UUID, body: ReasonIn, _: RequireAdmin, ctx: CommandCtx, container: ContainerDep) -> CommandOut:
    """Stop a user from signing in; their sessions end."""
    return _out(container.identity.deactivate(ctx, user_id, body.reason))
