"""Turns invitations into queued emails: a process manager over the user events."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar
from uuid import NAMESPACE_URL, UUID, uuid5

from domain.clock import Clock
from domain.context import Actor, CommandContext
from domain.outbox.commands import EmailCommands
from domain.users import User
from domain.users.commands import UserCommands
from processes.kit import ProcessKit
from processes.manager import ProcessManager, reacts_to

_NAMESPACE = uuid5(NAMESPACE_URL, "baton:email-caused-by")


def email_id_for(event: User.Event) -> UUID:
    """The email's id derives from its cause, so a re-processed event queues nothing new."""
    return uuid5(_NAMESPACE, f"{event.originator_id}:{event.originator_version}")


class InvitationEmails(ProcessManager):
    """Queues an invitation email for each invitation and each resend."""

    name: ClassVar[str] = "invitation_emails"

    def __init__(
        self,
        emails: EmailCommands,
        load_user: Callable[[UUID], User],
        enqueue: Callable[[UUID], None],
        clock: Clock,
    ) -> None:
        super().__init__()
        self.emails = emails
        self.load_user = load_user
        self.enqueue = enqueue
        self.clock = clock

    @classmethod
    def build(cls, kit: ProcessKit) -> InvitationEmails:
        return cls(kit.commands(EmailCommands), kit.commands(UserCommands).get, kit.enqueue_email, kit.clock)

    @reacts_to(User.Invited)
    def invited(self, event: User.Invited) -> None:
        if event.send_email:
            self._queue(event, to=event.email, name=event.name, invitation=1)

    @reacts_to(User.InvitationResent)
    def resent(self, event: User.InvitationResent) -> None:
        if not event.send_email:
            return
        user = self.load_user(event.originator_id)
        self._queue(event, to=user.email, name=user.name, invitation=event.invitation)

    def _queue(self, event: User.Event, *, to: str, name: str, invitation: int) -> None:
        cause = f"{event.originator_id}:{event.originator_version}"
        ctx = CommandContext(
            actor=Actor.system("invitation-emails"),
            now=self.clock.now(),
            correlation_id=event.correlation_id,
            causation_id=cause,
        )
        email_id = email_id_for(event)
        data = {"user_id": str(event.originator_id), "invitation": str(invitation), "name": name}
        self.emails.queue(ctx, email_id, to=to, template="invitation", data=data)
        # Sent even for a repeat: the actor ignores an email already sent.
        self.enqueue(email_id)
