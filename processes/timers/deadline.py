"""A deadline: a command a process wants run at a time, with an id derived from what it is for."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from domain.context import CommandContext

_NAMESPACE = uuid5(NAMESPACE_URL, "baton:deadline")

SCHEDULED = "scheduled"
FIRED = "fired"
CANCELLED = "cancelled"
FAILED = "failed"  # its handler kept failing; an operator looks at last_error


def deadline_id(owner: str, purpose: str, subject: str) -> UUID:
    """The same owner, purpose and subject always name the same deadline."""
    return uuid5(_NAMESPACE, f"{owner}\n{purpose}\n{subject}")


@dataclass(frozen=True)
class Deadline:
    """One deadline as stored: what it is for, when it is due, and how firing it went."""

    id: UUID
    owner: str
    purpose: str
    subject: str
    due_at: datetime
    status: str = SCHEDULED
    attempts: int = 0
    data: dict[str, Any] = field(default_factory=dict)
    last_error: str | None = None
    retry_at: datetime | None = None
    fired_at: datetime | None = None

    @property
    def key(self) -> str:
        """Names this occurrence (the deadline at this due time): the idempotency key of what it fires."""
        return f"deadline:{self.id}@{self.due_at.isoformat()}"

    def derived_id(self, name: str) -> UUID:
        """An id for something this occurrence creates; firing it again derives the same id."""
        return uuid5(self.id, f"{self.due_at.isoformat()}\n{name}")


# A deadline's handler: issues its commands with ``ctx`` (actor system "timer",
# causation the deadline's id). It may run more than once for one occurrence
# after a crash, so what it does must be idempotent (use ``deadline.derived_id``
# or check the state it acts on).
Handler = Callable[[Deadline, CommandContext], None]


class TimerHandlers:
    """The handler of each deadline purpose: the one place a slice registers its timers."""

    def __init__(self) -> None:
        self._handlers: dict[str, Handler] = {}

    def register(self, purpose: str, handler: Handler) -> None:
        if purpose in self._handlers:
            raise ValueError(f"A handler for deadlines of purpose '{purpose}' is already registered.")
        self._handlers[purpose] = handler

    def __getitem__(self, purpose: str) -> Handler:
        return self._handlers[purpose]

    @property
    def purposes(self) -> list[str]:
        return sorted(self._handlers)
