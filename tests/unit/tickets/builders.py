"""Builders for the support desk's unit tests: people with roles, contexts at a time, tickets in a status."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import count
from uuid import UUID

from domain.application import BatonApplication
from domain.context import Actor, CommandContext
from domain.tickets import NewTicket, Requester, RequesterKind, Ticket, TicketStatus
from domain.tickets.commands import TicketCommands
from domain.tickets.timer_commands import TicketTimerCommands
from domain.users import Invitation, Role
from domain.users.commands import UserCommands

# Monday 2 March 2026, 09:00 in Lisbon (UTC+0 until the clocks change on 29 March).
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
CLIENT = "client-acme"
OTHER_CLIENT = "client-globex"
TIMER = Actor.system("timer")
MAILBOX = Actor.system("inbound-email")
_emails = count(1)


@dataclass
class Desk:
    """The support desk's commands on one in-memory application, and the people who use it."""

    app: BatonApplication
    tickets: TicketCommands = field(init=False)
    timers: TicketTimerCommands = field(init=False)
    users: UserCommands = field(init=False)

    def __post_init__(self) -> None:
        self.tickets = TicketCommands(self.app)
        self.timers = TicketTimerCommands(self.app)
        self.users = UserCommands(self.app)
        self.admin = self.person(Role.ADMIN)
        self.agent = self.person(Role.EMPLOYEE)
        self.colleague = self.person(Role.EMPLOYEE)
        self.client = self.person(Role.CLIENT, CLIENT)

    def person(self, role: Role, client_id: str = "") -> Actor:
        """An active user with ``role`` (a client user belongs to ``client_id``)."""
        email = f"person{next(_emails)}@example.com"
        user_id = self.users.invite(at(Actor.system()), Invitation(email, "Sam Doe", role, client_id)).id
        self.users.accept_invitation(at(Actor.system()), user_id, 1)
        return Actor.user(user_id, role.value)

    def open(self, actor: Actor | None = None, minutes: float = 0, **fields: object) -> UUID:
        """A ticket opened by ``actor`` (the client user by default) ``minutes`` after T0."""
        who = actor or self.client
        requester = (
            Requester(RequesterKind.CLIENT_USER, who.id)
            if who.role == "client"
            else Requester(RequesterKind.CONTACT, "contact-1")
        )
        values: dict[str, object] = {
            "subject": "Invoice PDF shows the wrong address",
            "client_id": CLIENT,
            "requester": requester,
            "message": "Please fix.",
        }
        values.update(fields)
        result = self.tickets.open(at(who, minutes), NewTicket(**values))  # type: ignore[arg-type]
        assert result is not None
        return result.id

    def in_status(self, status: TicketStatus, minutes: float = 0) -> UUID:
        """A ticket assigned to the agent, walked to ``status``."""
        ticket_id = self.open(minutes=minutes)
        self.tickets.assign(at(self.agent, minutes), ticket_id, UUID(self.agent.id))
        if status is TicketStatus.CLOSED:
            self.tickets.change_status(at(self.admin, minutes), ticket_id, TicketStatus.CLOSED)
        elif status is not TicketStatus.OPEN:
            self.tickets.change_status(at(self.agent, minutes), ticket_id, status)
        return ticket_id

    def get(self, ticket_id: UUID) -> Ticket:
        return self.tickets.get(ticket_id)

    def topics(self, ticket_id: UUID) -> list[str]:
        return [type(e).TOPIC for e in self.app.events.get(ticket_id)]  # type: ignore[attr-defined]


def at(actor: Actor, minutes: float = 0, *, when: datetime | None = None) -> CommandContext:
    """``actor`` acting ``minutes`` after T0 (or at ``when``)."""
    return CommandContext(actor=actor, now=when or T0 + timedelta(minutes=minutes))
