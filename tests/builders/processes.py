"""Fakes a process manager's kit takes in unit tests: a clock set by hand and deadlines kept in a dict."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID

from tests.builders import T0


@dataclass
class Clock:
    at: datetime = T0

    def now(self) -> datetime:
        return self.at


@dataclass
class Deadlines:
    """What was scheduled (owner, purpose, subject) -> due time, and what was cancelled."""

    scheduled: dict[tuple[str, str, str], datetime] = field(default_factory=dict)
    cancelled: set[tuple[str, str, str]] = field(default_factory=set)

    def schedule(self, *, owner: str, purpose: str, subject: str, due_at: datetime, data: Any = None) -> None:
        self.scheduled[(owner, purpose, subject)] = due_at
        self.cancelled.discard((owner, purpose, subject))

    def cancel(self, *, owner: str, purpose: str, subject: str) -> bool:
        self.cancelled.add((owner, purpose, subject))
        return True

    def live(self, purpose: str) -> dict[str, datetime]:
        """Subject -> due time of the deadlines of ``purpose`` still scheduled."""
        return {s: due for (o, p, s), due in self.scheduled.items() if p == purpose and (o, p, s) not in self.cancelled}

    def due(self, purpose: str, subject: UUID) -> datetime | None:
        found = [due for (_, p, s), due in self.scheduled.items() if p == purpose and s == str(subject)]
        return found[0] if found else None
