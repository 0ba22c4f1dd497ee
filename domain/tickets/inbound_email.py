"""An email that reached the support mailbox: recorded first, then joined to a ticket or held for triage.

Its id follows from its Message-ID, so the same email delivered twice is one
record. What it says is kept as received (the quoted earlier mail already cut
away); the raw message is stored aside, found again by its SHA-256. A message
Baton cannot place (an unknown sender, a sender of several clients) is held
until staff release it to a client or a ticket, or dismiss it: never dropped.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from domain.aggregate import BatonAggregate
from domain.context import CommandContext
from domain.errors import InvalidInput, RuleViolation
from domain.tickets.inputs import MAX_TEXT, Attachment, attachments_of
from domain.tickets.permissions import require_client_side, require_staff

_DELIVERIES = uuid5(NAMESPACE_URL, "baton:inbound-delivery")
RECEIVED, ROUTED, HELD, RELEASED, DISMISSED = "received", "routed", "held", "released", "dismissed"


def inbound_email_id(message_id: str) -> UUID:
    """The record of an inbound email: the same Message-ID always names the same one."""
    return uuid5(_DELIVERIES, message_id.strip().strip("<>").strip())


@dataclass(frozen=True)
class ReceivedEmail:
    """What Baton keeps of an inbound email."""

    message_id: str
    sender: str  # the bare address, lower case
    sender_name: str = ""
    recipients: tuple[str, ...] = ()  # To, then Cc
    subject: str = ""
    text: str = ""  # what the sender wrote, without the quoted earlier mail
    in_reply_to: str = ""
    references: tuple[str, ...] = ()
    attachments: tuple[Attachment, ...] = ()
    provider: str = "raw"  # the shape it arrived in: raw (RFC 5322) or postmark (JSON)
    raw_sha256: str = ""
    raw_size: int = 0

    def as_data(self) -> dict[str, Any]:
        """The checked fields an event records (long parts cut to what a ticket can hold)."""
        if not self.message_id.strip():
            raise InvalidInput("An inbound email needs a Message-ID.")
        if "@" not in self.sender:
            raise InvalidInput("An inbound email needs a sender address.")
        return {
            "message_id": self.message_id.strip()[:998],
            "sender": self.sender.strip().lower()[:320],
            "sender_name": " ".join(self.sender_name.split())[:200],
            "recipients": [r.strip()[:320] for r in self.recipients[:50]],
            "subject": " ".join(self.subject.split())[:998],
            "text": self.text[:MAX_TEXT],
            "in_reply_to": self.in_reply_to.strip()[:998],
            "references": [r.strip()[:998] for r in self.references[-50:]],
            "attachments": attachments_of(self.attachments),
            "provider": self.provider,
            "raw_sha256": self.raw_sha256,
            "raw_size": self.raw_size,
        }

    @classmethod
    def from_event(cls, event: InboundEmail.Received) -> ReceivedEmail:
        return cls(
            message_id=event.message_id,
            sender=event.sender,
            sender_name=event.sender_name,
            recipients=tuple(event.recipients),
            subject=event.subject,
            text=event.text,
            in_reply_to=event.in_reply_to,
            references=tuple(event.references),
            attachments=tuple(Attachment(**a) for a in event.attachments),
            provider=event.provider,
            raw_sha256=event.raw_sha256,
            raw_size=event.raw_size,
        )


class InboundEmail(BatonAggregate):
    """One email to the support mailbox and where it went."""

    TOPIC = "baton.inbound_email.InboundEmail"

    class Event(BatonAggregate.Event):
        """Base of an inbound email's events."""

    class Received(Event, BatonAggregate.Created):
        """An email reached the support mailbox (recorded before anything is done with it)."""

        TOPIC = "baton.inbound_email.Received"
        message_id: str
        sender: str
        sender_name: str
        recipients: list[str]
        subject: str
        text: str
        in_reply_to: str
        references: list[str]
        attachments: list[dict[str, Any]]
        provider: str
        raw_sha256: str
        raw_size: int

    Created = Received

    class Routed(Event):
        """The email joined a ticket's thread, or opened a ticket (``outcome``), found by ``matched_by``."""

        TOPIC = "baton.inbound_email.Routed"
        ticket_id: str
        outcome: str  # reply, new_ticket, follow_up, repeat
        matched_by: str  # token, message_id, sender, staff

        def apply(self, aggregate: InboundEmail) -> None:
            aggregate.status, aggregate.ticket_id = ROUTED, self.ticket_id

    class HeldForTriage(Event):
        """Baton could not tell which client or ticket the email belongs to: staff decide."""

        TOPIC = "baton.inbound_email.HeldForTriage"
        reason: str

        def apply(self, aggregate: InboundEmail) -> None:
            aggregate.status = HELD

    class Released(Event):
        """Staff said where a held email belongs: a ticket, or a new ticket for a client and requester."""

        TOPIC = "baton.inbound_email.Released"
        ticket_id: str
        client_id: str
        requester_kind: str
        requester_id: str

        def apply(self, aggregate: InboundEmail) -> None:
            aggregate.status = RELEASED

    class Dismissed(Event):
        """Staff set a held email aside (spam, or nothing to do); it stays on record."""

        TOPIC = "baton.inbound_email.Dismissed"
        reason: str

        def apply(self, aggregate: InboundEmail) -> None:
            aggregate.status = DISMISSED

    def __init__(self, message_id: str, sender: str, subject: str) -> None:
        self.message_id, self.sender, self.subject = message_id, sender, subject
        self.status = RECEIVED
        self.ticket_id = ""

    @classmethod
    def receive(cls, ctx: CommandContext, email: ReceivedEmail) -> InboundEmail:
        """Record an email as it arrived."""
        require_client_side(ctx, "record an inbound email")
        received: InboundEmail = cls._start(cls.Received, ctx, inbound_email_id(email.message_id), **email.as_data())
        return received

    def route(self, ctx: CommandContext, ticket_id: UUID, outcome: str, matched_by: str) -> bool:
        """Record where the email went; False when it was placed already."""
        if self.status == ROUTED:
            return False
        if self.status not in (RECEIVED, RELEASED):
            raise RuleViolation(f"This email was {self.status}: it goes nowhere now.")
        self._record(self.Routed, ctx, ticket_id=str(ticket_id), outcome=outcome, matched_by=matched_by)
        return True

    def hold(self, ctx: CommandContext, reason: str) -> bool:
        """Keep the email for staff to place; False when it was decided already."""
        if self.status != RECEIVED:
            return False
        self._record(self.HeldForTriage, ctx, reason=reason)
        return True

    def release(
        self, ctx: CommandContext, *, ticket_id: str = "", client_id: str = "", requester: tuple[str, str] = ("", "")
    ) -> None:
        """Staff place a held email: on ``ticket_id``, or as a new ticket for ``client_id`` from ``requester``."""
        require_staff(ctx, "place held emails")
        self._require_held()
        if bool(ticket_id) == bool(client_id):
            raise InvalidInput("Place a held email either on a ticket or with a client, not both or neither.")
        kind, person = requester
        self._record(
            self.Released, ctx, ticket_id=ticket_id, client_id=client_id, requester_kind=kind, requester_id=person
        )

    def dismiss(self, ctx: CommandContext, reason: str) -> None:
        """Set a held email aside, saying why."""
        require_staff(ctx, "dismiss held emails")
        self._require_held()
        if not reason.strip():
            raise InvalidInput("Dismissing an email needs a reason.")
        self._record(self.Dismissed, ctx, reason=reason.strip()[:500])

    def _require_held(self) -> None:
        if self.status != HELD:
            raise RuleViolation(f"Only a held email can be placed or dismissed; this one was {self.status}.")
