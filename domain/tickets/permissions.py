"""Who may do what on a ticket, from the acting role and the ticket's assignee.

Roles: ``admin`` and ``employee`` are staff; ``client`` is a client user;
``system`` is Baton itself (inbound email, timers). Which organisation a client
user belongs to is checked by the commands, which can look the user up.
"""

from __future__ import annotations

from domain.context import CommandContext
from domain.errors import NotPermitted

STAFF = frozenset({"admin", "employee"})


def is_staff(ctx: CommandContext) -> bool:
    return ctx.actor.role in STAFF


def require_staff(ctx: CommandContext, doing: str) -> None:
    """Staff only: a client user (or Baton itself) may not ``doing``."""
    if not is_staff(ctx):
        raise NotPermitted(f"Only staff may {doing}; you act as {ctx.actor.role}.")


def require_admin(ctx: CommandContext, doing: str) -> None:
    """Admins only."""
    if ctx.actor.role != "admin":
        raise NotPermitted(f"Only an admin may {doing}; you act as {ctx.actor.role}.")


def require_handler(ctx: CommandContext, assignee_id: str, doing: str) -> None:
    """An admin, or an employee to whom the ticket is assigned (or who picks up an unassigned one)."""
    require_staff(ctx, doing)
    if ctx.actor.role == "employee" and assignee_id not in ("", ctx.actor.id):
        raise NotPermitted(
            f"This ticket is assigned to someone else: only they or an admin may {doing}. "
            "Ask an admin to reassign it, or add an internal note."
        )


def require_client_side(ctx: CommandContext, doing: str) -> None:
    """A client user, or Baton itself relaying a client's email."""
    if ctx.actor.role not in ("client", "system"):
        raise NotPermitted(f"Only the client may {doing}; staff answer with a reply or an internal note.")


def require_system(ctx: CommandContext, doing: str) -> None:
    """Baton itself (a timer); no person triggers this."""
    if ctx.actor.role != "system":
        raise NotPermitted(f"Only Baton's own timers {doing}.")
