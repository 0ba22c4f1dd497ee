"""Emails still unsent a while after they were queued (or last failed) are enqueued again, by deadline.

A broker message can be lost (Redis down, a worker killed) and a mail server can
refuse for a while; the intent is an event, so nothing is lost as long as someone
looks again. This process keeps one "resend" deadline per unsent email: scheduled
when the email is queued, moved after each failed attempt, cancelled once the email
is sent or dropped. Its handler enqueues the email again and looks again later.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import timedelta
from typing import ClassVar
from uuid import UUID

from domain.context import CommandContext
from domain.outbox import OutboundEmail
from domain.outbox.commands import EmailCommands
from processes.kit import ProcessKit
from processes.manager import ProcessManager, reacts_to
from processes.timers import Deadline, Deadlines, Handler

OWNER = "email_resends"
RESEND = "email.resend"


class EmailResends(ProcessManager):
    """Keeps a resend deadline on every email that is neither sent nor dropped."""

    name: ClassVar[str] = "email_resends"

    def __init__(self, deadlines: Deadlines, after: timedelta) -> None:
        super().__init__()
        self.deadlines = deadlines
        self.after = after
        self._resend: Handler | None = None

    @classmethod
    def build(cls, kit: ProcessKit) -> EmailResends:
        manager = cls(kit.deadlines, kit.email_resend_after)
        manager._resend = resend_unsent_email(
            kit.commands(EmailCommands), kit.enqueue_email, kit.deadlines, kit.email_resend_after
        )
        return manager

    def timers(self) -> Mapping[str, Handler]:
        return {RESEND: self._resend} if self._resend is not None else {}

    @reacts_to(OutboundEmail.Queued, OutboundEmail.SendFailed)
    def unsent(self, event: OutboundEmail.Event) -> None:
        # Derived from the event's own time, so re-processing it schedules the same thing again.
        due = event.timestamp + self.after
        self.deadlines.schedule(owner=OWNER, purpose=RESEND, subject=str(event.originator_id), due_at=due)

    @reacts_to(OutboundEmail.Sent, OutboundEmail.Dropped)
    def settled(self, event: OutboundEmail.Event) -> None:
        self.deadlines.cancel(owner=OWNER, purpose=RESEND, subject=str(event.originator_id))


def resend_unsent_email(
    emails: EmailCommands, enqueue: Callable[[UUID], None], deadlines: Deadlines, after: timedelta
) -> Handler:
    """The resend deadline's handler: enqueue the email again unless it is settled, and look again later."""

    def resend(deadline: Deadline, ctx: CommandContext) -> None:
        email_id = UUID(deadline.subject)
        if emails.get(email_id).settled:
            return
        # Idempotent: the actor sends an email at most once, whoever enqueued it and how often.
        enqueue(email_id)
        # If this message is lost too (the broker is still down), the next look is already booked;
        # the email's Sent or Dropped event cancels it.
        deadlines.schedule(owner=OWNER, purpose=RESEND, subject=deadline.subject, due_at=ctx.now + after)

    return resend
