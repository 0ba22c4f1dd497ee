"""A deadline handler with a real, idempotent command, and a process that dies in the middle of firing it.

python -m tests.integration.timers.reminders DATABASE_URL SCHEMA   (the crashing runner)
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import psycopg

from baton.clock import SystemClock
from baton.container import eventsourcing_env
from domain.application import BatonApplication
from domain.context import CommandContext
from domain.outbox.commands import EmailCommands
from processes.timers import Deadline, DeadlineRunner, Handler, TimerHandlers
from tests.integration.timers.rig import PURPOSE


def application(database_url: str, schema: str) -> BatonApplication:
    return BatonApplication(env=eventsourcing_env(database_url, schema))


def queue_reminder(emails: EmailCommands, then: Callable[[], None] = lambda: None) -> Handler:
    """Queue a reminder email whose id derives from the deadline's occurrence, then call ``then``."""

    def remind(deadline: Deadline, ctx: CommandContext) -> None:
        email_id = deadline.derived_id("reminder")
        emails.queue(ctx, email_id, to="client@example.com", template="reminder", data={"about": deadline.subject})
        then()

    return remind


def connector(database_url: str, schema: str) -> Callable[[], psycopg.Connection[Any]]:
    return lambda: psycopg.connect(database_url, autocommit=True, options=f"-c search_path={schema}")


def main(database_url: str, schema: str) -> None:
    """Fire what is due, and die by SIGKILL right after the first reminder is committed."""
    app = application(database_url, schema)
    handlers = TimerHandlers()
    handlers.register(PURPOSE, queue_reminder(EmailCommands(app), lambda: os.kill(os.getpid(), signal.SIGKILL)))
    clock = SystemClock()
    runner = DeadlineRunner(connector(database_url, schema), schema, handlers, clock)
    runner.run_due(clock.now() + timedelta(days=365))
    raise SystemExit("the runner was meant to be killed inside its handler")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
