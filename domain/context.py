"""Who is acting, why, and when: passed into every command."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID, uuid4


@dataclass(frozen=True)
class Actor:
    """The party a change is attributed to: a user with a role, or a system."""

    id: str
    role: str

    @classmethod
    def system(cls, name: str = "system") -> Actor:
        return cls(id=name, role="system")

    @classmethod
    def user(cls, user_id: UUID | str, role: str) -> Actor:
        return cls(id=str(user_id), role=role)


@dataclass(frozen=True)
class CommandContext:
    """Actor, correlation and the current time for one command.

    The domain never reads the clock: the caller passes ``now``.
    """

    actor: Actor
    now: datetime
    correlation_id: str = field(default_factory=lambda: str(uuid4()))
    causation_id: str = ""

    def __post_init__(self) -> None:
        if self.now.tzinfo is None:
            msg = "CommandContext.now must be timezone-aware"
            raise ValueError(msg)

    def event_meta(self) -> dict[str, Any]:
        """The attribution fields every event records."""
        return {
            "timestamp": self.now,
            "actor_id": self.actor.id,
            "actor_role": self.actor.role,
            "correlation_id": self.correlation_id,
            "causation_id": self.causation_id,
        }
