"""What every identity operation shares: the database, user commands, keys and the clock."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from argon2 import PasswordHasher
from psycopg_pool import ConnectionPool

from api.identity.keys import Keyring
from domain.context import Actor, CommandContext
from domain.users.commands import UserCommands

INVITATION_VALID_HOURS = 48
SESSION_IDLE_HOURS = 8
MFA_CHALLENGE_MINUTES = 5


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
    # argon2-cffi's defaults are argon2id with RFC 9106 low-memory parameters.
    hasher: PasswordHasher = field(default_factory=PasswordHasher)

    def ctx(self, actor: Actor, meta: RequestMeta | None = None) -> CommandContext:
        """A command context at the current time, attributed to ``actor``."""
        if meta is not None and meta.correlation_id:
            return CommandContext(actor=actor, now=self.clock(), correlation_id=meta.correlation_id)
        return CommandContext(actor=actor, now=self.clock())

    def as_user(self, user_id: UUID, role: str, meta: RequestMeta | None = None) -> CommandContext:
        return self.ctx(Actor.user(user_id, role), meta)
