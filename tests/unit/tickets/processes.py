"""Builders for the desk's process tests: the processes on the in-memory application, with fake deadlines."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID

from domain.outbox.commands import EmailCommands
from domain.tickets.commands import TicketCommands
from domain.tickets.desk import DeskSettings
from domain.tickets.inbound_commands import InboundEmailCommands
from domain.tickets.policy_commands import SlaPolicyCommands
from domain.tickets.timer_commands import TicketTimerCommands
from processes.support_desk.emails import TicketEmails
from processes.support_desk.inbound import InboundRouting
from processes.support_desk.notices import Notices
from processes.support_desk.people import PeopleOfTickets
from processes.support_desk.threading import DeskRecords, ThreadFinder
from processes.support_desk.timers import TicketTimers
from projections.tickets.mailbox_queries import Person
from tests.unit.projections.log import events_of
from tests.unit.tickets.builders import T0, Desk

DESK = DeskSettings(support_address="help@agency.example", reply_secrets=(b"0123456789abcdef0123",))


@dataclass
class FakeDeadlines:
    """Deadlines as a dict: (purpose, subject) -> due time, with what was cancelled."""

    scheduled: dict[tuple[str, str], datetime] = field(default_factory=dict)
    cancelled: list[tuple[str, str]] = field(default_factory=list)

    def schedule(self, *, owner: str, purpose: str, subject: str, due_at: Any, data: Any = None) -> None:
        self.scheduled[(purpose, subject)] = due_at

    def cancel(self, *, owner: str, purpose: str, subject: str) -> bool:
        found = self.scheduled.pop((purpose, subject), None)
        if found is not None:
            self.cancelled.append((purpose, subject))
        return found is not None

    def of(self, ticket_id: UUID) -> dict[str, datetime]:
        return {purpose: due for (purpose, subject), due in self.scheduled.items() if subject == str(ticket_id)}


class FixedClock:
    def __init__(self, now: datetime = T0) -> None:
        self.moment = now

    def now(self) -> datetime:
        return self.moment


@dataclass
class Desks:
    """The desk's three processes on ``desk``'s application, and what they did."""

    desk: Desk
    staff: dict[str, str] = field(default_factory=dict)  # user id -> address of active staff
    admins: set[str] = field(default_factory=set)
    people: dict[str, list[Person]] = field(default_factory=dict)  # address -> people
    deadlines: FakeDeadlines = field(default_factory=FakeDeadlines)
    enqueued: list[UUID] = field(default_factory=list)
    clock: FixedClock = field(default_factory=FixedClock)
    position: int = 0

    def __post_init__(self) -> None:
        app = self.desk.app
        notices = Notices(EmailCommands(app), self.enqueued.append, PeopleOfTickets(app), self._staff)
        tickets = TicketCommands(app)
        self.timers = TicketTimers(
            tickets,
            TicketTimerCommands(app),
            SlaPolicyCommands(app),
            self.deadlines,
            self.clock,
            DESK,
            lambda: [],
            notices,
        )
        self.emails = TicketEmails(tickets, notices, self.clock)
        threads = ThreadFinder(DeskRecords(app), lambda ids: None, DESK)
        self.inbound = InboundRouting(
            InboundEmailCommands(app), tickets, lambda a: self.people.get(a, []), threads, DESK, self.clock
        )

    def _staff(self, user_ids: list[str], admins: bool) -> list[tuple[str, str]]:
        return sorted((u, a) for u, a in self.staff.items() if u in user_ids or (admins and u in self.admins))

    def run(self) -> None:
        """Let every process react to the events recorded since the last run, as their runners would."""
        while events := events_of(self.desk.app, self.position):
            for position, topic, event in events:
                for process in (self.timers, self.emails, self.inbound):
                    if topic in process.topics:
                        process.react(event, topic)
                self.position = position
