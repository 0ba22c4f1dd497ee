"""What every identity operation shares: the database, user commands, keys and the clock."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

from argon2 import PasswordHasher
from psycopg_pool import ConnectionPool

from api.identity.keys import Keyring
from domain.context import Actor, CommandContext
from domain.users.commands import UserCommands

INVITATION_VALID_HOURS = 48
SESSION_IDLE_HOURS = 8
SESSION_MAX_DAYS = 30
MFA_CHALLENGE_MINUTES = 5


@dataclass(frozen=True)
class Lifetimes:
    """How long links and sessions work (settings: BATON_INVITATION_VALID_HOURS, BATON_SESSION_*)."""

    invitation_hours: float = INVITATION_VALID_HOURS
    session_idle_hours: float = SESSION_IDLE_HOURS
    session_max_days: float = SESSION_MAX_DAYS

    @property
    def invitation(self) -> timedelta:
        return timedelta(hours=self.invitation_hours)

    @property
    def idle(self) -> timedelta:
        return timedelta(hours=self.session_idle_hours)

    @property
    def absolute(self) -> timedelta:
        return timedelta(days=self.session_max_days)


def hours(value: float) -> str:
    """``value`` hours in words: "48 hours", "1 hour", "1.5 hours"."""
    shown = f"{value:g}"
    return f"{shown} hour" if shown == "1" else f"{shown} hours"


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class RequestMeta:
    """Where a request came from, for throttling and the security record."""

    address: str = ""
    user_agent: str = ""
    correlation_id: str = ""


@dataclass
class IdentityDeps:
    """The collaborators of every identity operation."""

    pool: ConnectionPool[Any]
    users: UserCommands
    keys: Keyring
    public_url: str
    clock: Callable[[], datetime] = utc_now
    lifetimes: Lifetimes = field(default_factory=Lifetimes)
    # argon2-cffi's defaults are argon2id with RFC 9106 low-memory parameters.
    hasher: PasswordHasher = field(default_factory=PasswordHasher)

    def ctx(self, actor: Actor, meta: RequestMeta | None = None) -> CommandContext:
        """A command context at the current time, attributed to ``actor``."""
        if meta is not None and meta.correlation_id:
            return CommandContext(actor=actor, now=self.clock(), correlation_id=meta.correlation_id)
        return CommandContext(actor=actor, now=self.clock())

    def as_user(self, user_id: UUID, role: str, meta: RequestMeta | None = None) -> CommandContext:
        return self.ctx(Actor.user(user_id, role), meta)
