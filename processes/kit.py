"""What a process manager is built from: the same kit for every slice's process.

A process module's manager implements ``build(kit)`` (and ``timers()`` when it
schedules deadlines) and adds one line to ``processes/registry.py``; the
composition root builds the kit once and never names a slice.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Protocol, TypeVar
from uuid import UUID

from domain.clock import Clock
from domain.commands import CommandGroup
from processes.timers import Deadlines

G = TypeVar("G", bound=CommandGroup)


class Commands(Protocol):
    """Gives the one instance of a slice's command group."""

    def __call__(self, group: type[G]) -> G: ...


@dataclass(frozen=True)
class ProcessKit:
    """The parts a process manager may use: commands, the clock, deadlines, the email queue."""

    commands: Commands
    clock: Clock
    deadlines: Deadlines
    enqueue_email: Callable[[UUID], None]
    email_resend_after: timedelta
    # The deployment's settings (baton.settings.Settings): a process reads the few it needs through its own Protocol.
    settings: Any = None
    # Pooled connections (psycopg_pool.ConnectionPool), for a process that reads a view.
    pool: Any = None
    # The deployment's secret key, for a process that derives a key of its own from it.
    secret_key: str = ""
