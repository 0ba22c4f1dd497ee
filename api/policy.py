"""The one policy layer: who may run each command, and which rows each read returns.

Routes declare what they need (``RequireStaff``, ``RequireAdmin``, ``MayReadUsers``, ...);
the rules themselves live only here.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends

from api.principal import Principal, SignedIn
from domain.identity.errors import AccessDenied
from domain.users import Role
from projections.user_queries import UserScope

STAFF = frozenset({Role.ADMIN, Role.EMPLOYEE})
ADMINS = frozenset({Role.ADMIN})
EVERYONE = frozenset(Role)

# Every action a route can ask for, and the roles allowed to perform it.
PERMISSIONS: dict[str, frozenset[Role]] = {
    "leads.read": STAFF,
    "leads.write": STAFF,
    "audit.read": ADMINS,
    "users.read": EVERYONE,  # rows are narrowed by user_scope
    "users.invite": ADMINS,
    "users.manage": ADMINS,
    "me": EVERYONE,
}

_WHO = {STAFF: "staff (admins and employees)", ADMINS: "admins", EVERYONE: "every signed-in user"}


def permits(principal: Principal, action: str) -> bool:
    """True when ``principal``'s role may perform ``action``."""
    return principal.role in PERMISSIONS[action]


def check(principal: Principal, action: str) -> None:
    """Refuse with a clear 403 unless ``principal`` may perform ``action``."""
    if not permits(principal, action):
        allowed = PERMISSIONS[action]
        who = _WHO.get(allowed) or ", ".join(sorted(r.value for r in allowed))
        raise AccessDenied(f"Only {who} may do this ({action}); you are signed in as {principal.role.value}.")


def require(action: str) -> Callable[[Principal], Awaitable[Principal]]:
    """A dependency that lets through only principals allowed to perform ``action``."""
    if action not in PERMISSIONS:
        raise KeyError(f"Unknown action '{action}'")

    async def dependency(principal: SignedIn) -> Principal:
        check(principal, action)
        return principal

    dependency.__name__ = f"require_{action.replace('.', '_')}"
    return dependency


_staff = require("leads.read")
_admin = require("users.manage")
RequireStaff = Annotated[Principal, Depends(_staff)]
RequireAdmin = Annotated[Principal, Depends(_admin)]
MayReadUsers = Annotated[Principal, Depends(require("users.read"))]
MayInviteUsers = Annotated[Principal, Depends(require("users.invite"))]
staff_only = Depends(_staff)
admin_only = Depends(require("audit.read"))


def user_scope(principal: Principal) -> UserScope:
    """Which accounts ``principal`` may see: admins all; employees staff; a client user their organisation."""
    if principal.role is Role.ADMIN:
        return UserScope()
    if principal.role is Role.EMPLOYEE:
        return UserScope(roles=frozenset(r.value for r in STAFF))
    return UserScope(roles=frozenset({Role.CLIENT.value}), client_id=principal.client_id)
