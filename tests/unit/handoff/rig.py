"""The handoff's processes on a world's in-memory application, with fake deadlines and a fixed clock."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from domain.context import Actor, CommandContext
from domain.handoff.commands import HandoffCommands
from domain.handoff.templates.commands import TemplateCommands
from domain.handoff.topic_rule_commands import TopicRuleCommands
from domain.outbox import OutboundEmail
from domain.outbox.commands import EmailCommands
from domain.tickets import NewTicket, Requester, RequesterKind
from domain.tickets.commands import TicketCommands
from domain.tickets.ownership_commands import TicketOwnershipCommands
from processes.handoff.desk import HandoffDesk
from processes.handoff.emails import HandoffEmails
from processes.handoff.flow import HandoffFlow
from processes.handoff.mail import HandoffMail
from processes.handoff.routing import TicketRouter, TicketRouting
from processes.support_desk.people import PeopleOfTickets
from processes.timers import Deadline, deadline_id
from tests.builders import T0
from tests.unit.handoff.world import World
from tests.unit.projections.log import events_of
from tests.unit.tickets.processes import FakeDeadlines, FixedClock

DESK = HandoffDesk(queue_address="queue@agency.example")


@dataclass
class DataDeadlines(FakeDeadlines):
    """Fake deadlines that also keep each deadline's data."""

    data: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)

    def schedule(self, *, owner: str, purpose: str, subject: str, due_at: Any, data: Any = None) -> None:
        super().schedule(owner=owner, purpose=purpose, subject=subject, due_at=due_at)
        self.data[(purpose, subject)] = dict(data or {})


TIMER = Actor.system("timer")


@dataclass
class Rig:
    """A world and the handoff's two processes, reacting as their runners would."""

    world: World
    deadlines: DataDeadlines = field(default_factory=DataDeadlines)
    enqueued: list[UUID] = field(default_factory=list)
    clock: FixedClock = field(default_factory=lambda: FixedClock(T0))
    position: int = 0

    def __post_init__(self) -> None:
        app = self.world.app
        self.handoffs = HandoffCommands(app)
        self.owners = TicketOwnershipCommands(app)
        mail = HandoffMail(EmailCommands(app), TemplateCommands(app), self.enqueued.append)
        self.flow = HandoffFlow(self.handoffs, mail, self.deadlines, self.clock, DESK)  # type: ignore[arg-type]
        self.router = TicketRouter(self.handoffs, TopicRuleCommands(app), lambda _: [str(self.world.project_id)])
        self.routing = TicketRouting(self.router, PeopleOfTickets(app), self.owners, self.clock)
        self.renderer = HandoffEmails(app, DESK)

    def run(self) -> None:
        while events := events_of(self.world.app, self.position):
            for position, topic, event in events:
                for process in (self.flow, self.routing):
                    if topic in process.topics:
                        process.react(event, topic)
                self.position = position

    def replay(self) -> None:
        """React to the whole log again, as after a crash before the positions moved."""
        self.position = 0
        self.run()

    def emails(self) -> list[OutboundEmail]:
        found = [e for _, _, e in events_of(self.world.app) if isinstance(e, OutboundEmail.Queued)]
        return [EmailCommands(self.world.app).get(e.originator_id) for e in found]

    def email(self, template: str) -> tuple[OutboundEmail, Any]:
        """The one email of ``template`` and its message as the renderer makes it."""
        matching = [e for e in self.emails() if e.template == template]
        assert len(matching) == 1, f"{len(matching)} emails of {template}"
        return matching[0], self.renderer.message(matching[0])

    def due(self, purpose: str) -> Deadline:
        """The deadline of ``purpose`` (for the world's project) as the deadline runner would read it."""
        subject = str(self.world.project_id)
        due = self.deadlines.scheduled[(purpose, subject)]
        data = self.deadlines.data.get((purpose, subject), {})
        return Deadline(deadline_id("handoff_flow", purpose, subject), "handoff_flow", purpose, subject, due, data=data)

    def fire(self, deadline: Deadline, at: datetime | None = None) -> None:
        """Run ``deadline``'s handler, as the runner does when it is due (again after a crash)."""
        ctx = CommandContext(actor=TIMER, now=at or deadline.due_at, causation_id=str(deadline.id))
        self.flow.timers()[deadline.purpose](deadline, ctx)

    def ticket(self, subject: str, message: str = "", minutes: float = 0, **extra: Any) -> UUID:
        opened = TicketCommands(self.world.app).open(
            CommandContext(
                actor=Actor.user(self.world.agency.ids["admin"], "admin"), now=T0 + timedelta(minutes=minutes)
            ),
            NewTicket(subject, self.world.client_id, Requester(RequesterKind.CONTACT, "contact-1"), message, **extra),
        )
        assert opened is not None
        return opened.id
