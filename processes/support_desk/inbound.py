"""Places each inbound email: on the ticket its reply address names, on the thread it answers, or in a new ticket.

In order: a recipient address carrying a valid token names the ticket (the
token is a credential, so any sender may write there); otherwise In-Reply-To
and References are matched against the desk's own emails and the messages on
record, and the sender must be a person of that ticket's client; otherwise a
sender who is a person of exactly one client opens a ticket for that client.
Anything else is held for staff, never dropped. Staff release a held email to a
ticket or a client, and this process places it. Placing is idempotent: the
ticket commands recognise a Message-ID already recorded.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar
from uuid import UUID

from domain.clock import Clock
from domain.context import Actor, CommandContext
from domain.errors import DomainError
from domain.tickets import ClientMessage, NewTicket, Requester, RequesterKind, Ticket
from domain.tickets.commands import TicketCommands
from domain.tickets.desk import DeskSettings, desk_from
from domain.tickets.inbound import ticket_from_recipients
from domain.tickets.inbound_commands import InboundEmailCommands
from domain.tickets.inbound_email import InboundEmail, ReceivedEmail
from processes.kit import ProcessKit
from processes.manager import ProcessManager, reacts_to
from processes.support_desk.threading import ThreadFinder
from projections.tickets.mailbox_queries import Person

ACTOR = Actor.system("inbound-email")
PeopleWithAddress = Callable[[str], list[Person]]


class InboundRouting(ProcessManager):
    """Joins each recorded inbound email to a ticket, or holds it for triage."""

    name: ClassVar[str] = "inbound_email_routing"

    def __init__(
        self,
        mail: InboundEmailCommands,
        tickets: TicketCommands,
        people: PeopleWithAddress,
        threads: ThreadFinder,
        desk: DeskSettings,
        clock: Clock,
    ) -> None:
        super().__init__()
        self.mail, self.tickets, self.people, self.threads = mail, tickets, people, threads
        self.desk, self.clock = desk, clock

    @classmethod
    def build(cls, kit: ProcessKit) -> InboundRouting:
        from projections.tickets.mailbox_queries import people_with_address

        def people(address: str) -> list[Person]:
            with kit.pool.connection() as conn:
                return people_with_address(conn, address)

        desk = desk_from(kit.settings, kit.secret_key)
        return cls(
            kit.commands(InboundEmailCommands),
            kit.commands(TicketCommands),
            people,
            ThreadFinder.build(kit, desk),
            desk,
            kit.clock,
        )

    def _ctx(self, event: Any) -> CommandContext:
        cause = f"{event.originator_id}:{event.originator_version}"
        return CommandContext(ACTOR, self.clock.now(), event.correlation_id, cause)

    @reacts_to(InboundEmail.Received)
    def received(self, event: InboundEmail.Received) -> None:
        ctx = self._ctx(event)
        email = ReceivedEmail.from_event(event)
        try:
            self._place(ctx, event.originator_id, email)
        except DomainError as refused:  # e.g. an empty message: a person decides, nothing is lost
            self.mail.hold(ctx, event.originator_id, refused.detail)

    @reacts_to(InboundEmail.Released)
    def released(self, event: InboundEmail.Released) -> None:
        ctx = self._ctx(event)
        email = self.mail.as_received(event.originator_id)
        author = Requester(RequesterKind(event.requester_kind), event.requester_id) if event.requester_id else None
        if event.ticket_id:
            ticket_id = UUID(event.ticket_id)
            self._reply(ctx, event.originator_id, ticket_id, email, author or self._stranger(email), "staff")
        else:
            assert author is not None, "a release to a client names the requester"
            self._open(ctx, event.originator_id, event.client_id, author, email, "staff")

    def _place(self, ctx: CommandContext, email_id: UUID, email: ReceivedEmail) -> None:
        by_token = ticket_from_recipients(email.recipients, self.desk.support_address, self.desk.reply_secrets)
        if by_token is not None and self.tickets.find(Ticket, by_token) is not None:
            author = self._author(email, self.tickets.get(by_token).client_id) or self._stranger(email)
            self._reply(ctx, email_id, by_token, email, author, "token")
            return
        answered = self.threads.ticket_answered_by(email)
        if answered is not None:
            known = self._author(email, self.tickets.get(answered).client_id)
            if known is None:
                self.mail.hold(
                    ctx, email_id, "It answers a ticket's email, but the sender is not a person of its client."
                )
            else:
                self._reply(ctx, email_id, answered, email, known, "message_id")
            return
        clients = {p.client_id for p in self.people(email.sender)}
        if len(clients) == 1:
            person = next(p for p in self.people(email.sender))
            author = Requester(RequesterKind(person.kind), person.id)
            self._open(ctx, email_id, person.client_id, author, email, "sender")
        elif clients:
            self.mail.hold(ctx, email_id, f"The sender is a contact of {len(clients)} clients: choose one.")
        else:
            self.mail.hold(ctx, email_id, "The sender is not a known contact or client user.")

    def _author(self, email: ReceivedEmail, client_id: str) -> Requester | None:
        for person in self.people(email.sender):
            if person.client_id == client_id:
                return Requester(RequesterKind(person.kind), person.id)
        return None

    @staticmethod
    def _stranger(email: ReceivedEmail) -> Requester:
        # Someone the token let in (a colleague copied in, say): known by their address alone.
        return Requester(RequesterKind.CONTACT, email.sender)

    def _reply(
        self, ctx: CommandContext, email_id: UUID, ticket_id: UUID, email: ReceivedEmail, author: Requester, by: str
    ) -> None:
        message = ClientMessage(email.text, author, email.attachments, email.message_id)
        result = self.tickets.reply_from_client(ctx, ticket_id, message)
        outcome = "repeat" if result is None else "follow_up" if result.id != ticket_id else "reply"
        self.mail.route(ctx, email_id, result.id if result is not None else ticket_id, outcome, by)

    def _open(
        self, ctx: CommandContext, email_id: UUID, client_id: str, author: Requester, email: ReceivedEmail, by: str
    ) -> None:
        subject = " ".join(email.subject.split())[:200] or "(no subject)"
        new = NewTicket(
            subject, client_id, author, email.text, attachments=email.attachments, message_id=email.message_id
        )
        result = self.tickets.open(ctx, new)
        ticket_id = result.id if result is not None else self.threads.ticket_opened_by(email.message_id)
        self.mail.route(ctx, email_id, ticket_id, "new_ticket" if result is not None else "repeat", by)
