"""Time's process managers on the in-memory store: deadlines kept in a dict, enqueued emails in a list."""

from __future__ import annotations

from datetime import datetime, timedelta
from uuid import uuid4

from domain.commands import CommandGroups
from domain.context import Actor, CommandContext
from processes.kit import ProcessKit
from processes.manager import ProcessManager
from processes.timers import Deadline, deadline_id
from tests.builders import T0
from tests.builders.processes import Clock, Deadlines
from tests.unit.projections.log import events_of
from tests.unit.time.desk import Desk


class Rig:
    """The process managers over the desk's application; ``run()`` feeds them the events not yet fed."""

    def __init__(self, desk: Desk, *managers: type[ProcessManager]) -> None:
        self.desk, self.clock, self.deadlines, self.enqueued = desk, Clock(), Deadlines(), []
        kit = ProcessKit(
            commands=CommandGroups(desk.agency.app), clock=self.clock, deadlines=self.deadlines,  # type: ignore[arg-type]
            enqueue_email=self.enqueued.append, email_resend_after=timedelta(minutes=1),
        )  # fmt: skip
        self.managers = [m.build(kit) for m in managers]
        self.position = 0

    def run(self) -> None:
        for position, topic, event in events_of(self.desk.agency.app, self.position):
            self.position = position
            for manager in self.managers:
                if topic in manager.topics:
                    manager.react(event, topic)

    def fire(self, purpose: str, subject: str, at: datetime) -> None:
        """Fire a deadline as the runner would, at ``at``."""
        owner = next(o for (o, p, s) in self.deadlines.scheduled if p == purpose and s == subject)
        due = self.deadlines.scheduled[(owner, purpose, subject)]
        deadline = Deadline(deadline_id(owner, purpose, subject), owner, purpose, subject, due)
        ctx = CommandContext(actor=Actor.system("timer"), now=at, causation_id=str(uuid4()))
        for manager in self.managers:
            if purpose in manager.timers():
                manager.timers()[purpose](deadline, ctx)
        self.run()

    def later(self, **delta: float) -> datetime:
        return T0 + timedelta(**delta)
