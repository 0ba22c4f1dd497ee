"""An email Baton has to send: queued first, then sent, retried or dropped."""

from __future__ import annotations

from uuid import UUID

from domain.aggregate import BatonAggregate
from domain.context import CommandContext
from domain.errors import RuleViolation


class OutboundEmail(BatonAggregate):
    """One message to one recipient, identified by what caused it.

    Its data names what to render (a template and record ids), never a secret:
    links with tokens are made at the moment of sending.
    """

    TOPIC = "baton.email.OutboundEmail"

    class Event(BatonAggregate.Event):
        """Base of the email's events."""

    class Queued(Event, BatonAggregate.Created):
        """Baton intends to send this email."""

        TOPIC = "baton.email.Queued"
        to: str
        template: str
        data: dict[str, str]

    Created = Queued

    class Sent(Event):
        """The mail server accepted the email."""

        TOPIC = "baton.email.Sent"
        transport: str

        def apply(self, aggregate: OutboundEmail) -> None:
            aggregate.status = "sent"

    class SendFailed(Event):
        """An attempt failed; the resend deadline will try again."""

        TOPIC = "baton.email.SendFailed"
        attempt: int
        error: str

        def apply(self, aggregate: OutboundEmail) -> None:
            aggregate.attempts = self.attempt

    class Dropped(Event):
        """The email is no longer wanted (e.g. a newer invitation replaced it)."""

        TOPIC = "baton.email.Dropped"
        reason: str

        def apply(self, aggregate: OutboundEmail) -> None:
            aggregate.status = "dropped"

    def __init__(self, to: str, template: str, data: dict[str, str]) -> None:
        self.to = to
        self.template = template
        self.data = dict(data)
        self.status = "queued"
        self.attempts = 0

    @property
    def settled(self) -> bool:
        """Sent or dropped: nothing more to do."""
        return self.status != "queued"

    @classmethod
    def queue(
        cls, ctx: CommandContext, email_id: UUID, *, to: str, template: str, data: dict[str, str]
    ) -> OutboundEmail:
        """Record the intent to send ``template`` to ``to``."""
        email: OutboundEmail = cls._start(cls.Queued, ctx, email_id, to=to, template=template, data=dict(data))
        return email

    def mark_sent(self, ctx: CommandContext, transport: str) -> None:
        """Record that the email left Baton."""
        self._require_queued()
        self._record(self.Sent, ctx, transport=transport)

    def mark_failed(self, ctx: CommandContext, error: str) -> None:
        """Record a failed attempt."""
        self._require_queued()
        self._record(self.SendFailed, ctx, attempt=self.attempts + 1, error=error[:500])

    def drop(self, ctx: CommandContext, reason: str) -> None:
        """Give up on the email because it is no longer wanted."""
        self._require_queued()
        self._record(self.Dropped, ctx, reason=reason)

    def _require_queued(self) -> None:
        if self.settled:
            raise RuleViolation(f"The email {self.id} is already {self.status}.")
