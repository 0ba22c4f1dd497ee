"""Who is acting, as the delivery rules ask it: an admin, Baton itself, or one given user.

``system`` actors (process managers, timers, the demo loader) are trusted like
an admin: they act on rules already checked when a person asked for the work.
"""

from __future__ import annotations

from uuid import UUID

from domain.context import Actor
from domain.errors import NotPermitted

ADMIN_ROLES = frozenset({"admin", "system"})


def user_key(user_id: UUID | str) -> str:
    """The canonical text of a user id, so that hex with or without hyphens compares equal."""
    try:
        return str(UUID(str(user_id)))
    except ValueError:
        return str(user_id)


def is_admin(actor: Actor) -> bool:
    """An admin, or Baton itself."""
    return actor.role in ADMIN_ROLES


def is_user(actor: Actor, user_id: str) -> bool:
    """The actor is the user ``user_id`` (never true for an empty id)."""
    return bool(user_id) and user_key(actor.id) == user_key(user_id)


def require(allowed: bool, message: str) -> None:
    """Refuse with ``message`` unless ``allowed``."""
    if not allowed:
        raise NotPermitted(message)
