"""Users: invitations and account administration (admins), a scoped directory (everyone)."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import Query, Response, status

from api.contract import resource_router
from api.deps import CommandCtx, ContainerDep, ReadConn
from api.policy import ReaderScope, performs
from api.problems import ProblemError
from api.reads import MinPosition, wait_for_view
from api.routes.user_schemas import AccountReasonIn, RoleChange, UserInvite, UserOut, UserPageOut
from api.schemas import IMAGE_ANSWER, LOCATION, NO_NUL, CommandOut, Cursor, out
from domain.users import Invitation
from projections.users.queries import get_user, list_users

router = resource_router("/users", "users")
READ, INVITE, MANAGE = [performs("users.read")], [performs("users.invite")], [performs("users.manage")]
VIEW = "user_directory"


def _user(row: dict[str, object]) -> UserOut:
    return UserOut.model_validate({**row, "has_avatar": bool(row.get("avatar"))})


@router.post(
    "",
    response_model=CommandOut,
    status_code=status.HTTP_201_CREATED,
    dependencies=INVITE,
    responses={201: {"headers": LOCATION}},
)
def invite_user(body: UserInvite, ctx: CommandCtx, container: ContainerDep, response: Response) -> CommandOut:
    """Invite an employee, admin or client user; they receive an email with a single-use link.

    An address whose invitation lapsed or was revoked is invited again (same user, a new link).
    """
    result = container.identity.invitations.invite(
        ctx, Invitation(email=body.email, name=body.name, role=body.role, client_id=body.client_id.strip())
    )
    response.headers["Location"] = f"/users/{result.id}"
    return out(result)


@router.get("", response_model=UserPageOut, dependencies=READ)
def list_directory(
    scope: ReaderScope,
    container: ContainerDep,
    conn: ReadConn,
    role: Annotated[str | None, Query(max_length=20, pattern=NO_NUL)] = None,
    status_: Annotated[str | None, Query(alias="status", max_length=20, pattern=NO_NUL)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    cursor: Cursor = None,
    min_position: MinPosition = None,
) -> UserPageOut:
    """The users you may see, by name: admins everyone, employees staff, client users their organisation."""
    wait_for_view(conn, container, VIEW, min_position)
    page = list_users(conn, scope, role=role, status=status_, limit=limit, cursor=cursor)
    return UserPageOut(items=[_user(r) for r in page.items], next_cursor=page.next_cursor)


@router.get("/{user_id}", response_model=UserOut, dependencies=READ)
def read_user(
    user_id: UUID, scope: ReaderScope, container: ContainerDep, conn: ReadConn, min_position: MinPosition = None
) -> UserOut:
    """One user, if you may see them."""
    wait_for_view(conn, container, VIEW, min_position)
    row = get_user(conn, scope, user_id)
    if row is None:
        raise ProblemError(404, "Not found", f"No user with id {user_id}.")
    return _user(row)


@router.get("/{user_id}/avatar", response_class=Response, dependencies=READ, responses=IMAGE_ANSWER)
def read_user_avatar(user_id: UUID, scope: ReaderScope, container: ContainerDep, conn: ReadConn) -> Response:
    """A user's profile picture, if you may see them."""
    found = container.identity.avatars.get(user_id) if get_user(conn, scope, user_id) else None
    if found is None:
        raise ProblemError(404, "Not found", f"No profile picture for user {user_id}.")
    return Response(content=found[1], media_type=found[0])


@router.post("/{user_id}/invitation/resend", response_model=CommandOut, dependencies=MANAGE)
def resend_invitation(user_id: UUID, ctx: CommandCtx, container: ContainerDep) -> CommandOut:
    """Send a new invitation email; the previous link stops working."""
    return out(container.users.resend_invitation(ctx, user_id))


@router.post("/{user_id}/invitation/revoke", response_model=CommandOut, dependencies=MANAGE)
def revoke_invitation(user_id: UUID, body: AccountReasonIn, ctx: CommandCtx, container: ContainerDep) -> CommandOut:
    """Withdraw a pending invitation."""
    return out(container.identity.revoke_invitation(ctx, user_id, body.reason))


@router.post("/{user_id}/mfa/reset", response_model=CommandOut, dependencies=MANAGE)
def reset_mfa(user_id: UUID, body: AccountReasonIn, ctx: CommandCtx, container: ContainerDep) -> CommandOut:
    """Remove a user's MFA (lost device); they enrol again at next sign-in and their sessions end."""
    return out(container.identity.mfa.reset(ctx, user_id, body.reason))


@router.post("/{user_id}/role", response_model=CommandOut, dependencies=MANAGE)
def change_role(user_id: UUID, body: RoleChange, ctx: CommandCtx, container: ContainerDep) -> CommandOut:
    """Give a user another role; their sessions end so it applies at once."""
    return out(container.identity.change_role(ctx, user_id, body.role, body.client_id.strip()))


@router.post("/{user_id}/deactivate", response_model=CommandOut, dependencies=MANAGE)
def deactivate(user_id: UUID, body: AccountReasonIn, ctx: CommandCtx, container: ContainerDep) -> CommandOut:
    """Stop a user from signing in; their sessions end."""
    return out(container.identity.deactivate(ctx, user_id, body.reason))


@router.post("/{user_id}/reactivate", response_model=CommandOut, dependencies=MANAGE)
def reactivate(user_id: UUID, body: AccountReasonIn, ctx: CommandCtx, container: ContainerDep) -> CommandOut:
    """Let a deactivated user sign in again, with the password and MFA they had."""
    return out(container.identity.reactivate(ctx, user_id, body.reason))


@router.post("/{user_id}/sign-in-throttle/clear", response_model=CommandOut, dependencies=MANAGE)
def clear_sign_in_throttle(
    user_id: UUID, body: AccountReasonIn, ctx: CommandCtx, container: ContainerDep
) -> CommandOut:
    """Let a user blocked after failed sign-ins try again at once (recorded with you as the actor)."""
    return out(container.identity.clear_sign_in_throttle(ctx, user_id, body.reason))
