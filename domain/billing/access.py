"""Who may do what in billing, from the acting role (and for a client user, their organisation).

Roles: ``admin`` and ``employee`` are staff, ``client`` is a client user and
``system`` is Baton itself (the invoice process, timers, Stripe's webhook).
Finance is an admin's job: employees only comment on proposals under review.
"""

from __future__ import annotations

from domain.context import CommandContext
from domain.errors import NotPermitted

ADMIN, EMPLOYEE, CLIENT, SYSTEM = "admin", "employee", "client", "system"


def require(ctx: CommandContext, roles: frozenset[str], doing: str) -> None:
    """Refuse unless the actor's role is one of ``roles``."""
    if ctx.actor.role not in roles:
        allowed = " or ".join(sorted(roles))
        raise NotPermitted(f"Only {allowed} may {doing}; you act as {ctx.actor.role}.")


def require_admin(ctx: CommandContext, doing: str) -> None:
    """Admins only."""
    require(ctx, frozenset({ADMIN}), doing)


def require_client_of(ctx: CommandContext, acting_client: str, client_id: str, doing: str) -> None:
    """A client user of the organisation ``client_id`` (``acting_client`` is theirs)."""
    if ctx.actor.role != CLIENT:
        raise NotPermitted(f"Only a client user of the client may {doing}; you act as {ctx.actor.role}.")
    if not client_id or acting_client != client_id:
        raise NotPermitted(f"Only a user of the client this is addressed to may {doing}.")


def require_client_or_admin(ctx: CommandContext, acting_client: str, client_id: str, doing: str) -> bool:
    """A client user of ``client_id``, or an admin recording the client's answer; True for the latter."""
    if ctx.actor.role == ADMIN:
        return True
    if ctx.actor.role != CLIENT:
        raise NotPermitted(f"Only the client (or an admin on their behalf) may {doing}; you act as {ctx.actor.role}.")
    require_client_of(ctx, acting_client, client_id, doing)
    return False
