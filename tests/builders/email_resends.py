"""Fire the email-resend deadlines now, as the deadline runner would once they are due."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from uuid import UUID

from baton.container import Container
from processes.email_resends import RESEND, resend_unsent_email
from processes.timers import DeadlineRunner, TimerHandlers


def resend_due_emails(container: Container, enqueue: Callable[[UUID], None] | None = None) -> list[UUID]:
    """Fire every resend deadline due within one resend interval from now; the emails they enqueued.

    ``enqueue`` replaces the broker (e.g. the actor's own function, to send at once).
    """
    after = timedelta(seconds=container.settings.email_sweep_interval)
    runner = container.timers
    if enqueue is not None:
        handlers = TimerHandlers()
        handlers.register(RESEND, resend_unsent_email(container.emails, enqueue, container.deadlines, after))
        runner = DeadlineRunner(container.source.connect, container.schema, handlers, container.clock)
    firings = runner.run_due(container.clock.now() + after + timedelta(seconds=1))
    return [UUID(f.deadline.subject) for f in firings if f.deadline.purpose == RESEND]
