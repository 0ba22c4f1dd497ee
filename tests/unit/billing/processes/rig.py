"""A rig for billing's process managers on the in-memory store: a fixed clock, deadlines kept in a dict,
enqueued emails in a list, and a client with a billing address and an account manager."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from uuid import UUID

from domain.application import BatonApplication
from domain.clients.commands import ClientCommands, NewClient
from domain.commands import CommandGroups
from domain.context import Actor, CommandContext
from domain.outbox import OutboundEmail
from domain.users import Invitation, Role
from domain.users.commands import UserCommands
from processes.kit import ProcessKit
from processes.manager import ProcessManager
from tests.builders import T0
from tests.builders.processes import Clock, Deadlines
from tests.unit.projections.log import events_of


@dataclass
class Settings:
    invoice_reminder_days: int = 7
    invoice_payment_terms_days: int = 10
    billing_team_email: str = "finance@agency.example"


class Rig:
    """Process managers over one application; ``run()`` feeds them every event not yet fed, in log order."""

    def __init__(self, app: BatonApplication, *managers: type[ProcessManager]) -> None:
        self.app, self.clock, self.deadlines, self.enqueued = app, Clock(), Deadlines(), []
        self.groups = CommandGroups(app)
        kit = ProcessKit(
            commands=self.groups, clock=self.clock, deadlines=self.deadlines,  # type: ignore[arg-type]
            enqueue_email=self.enqueued.append, email_resend_after=timedelta(minutes=1), settings=Settings(),
        )  # fmt: skip
        self.managers = [m.build(kit) for m in managers]
        self.position = 0

    def run(self) -> None:
        for position, topic, event in events_of(self.app, self.position):
            self.position = position
            for manager in self.managers:
                if topic in manager.topics:
                    manager.react(event, topic)

    def replay_all(self) -> None:
        """Feed every event again from the start (a process that lost its position)."""
        self.position = 0
        self.run()

    def emails(self, template: str | None = None) -> list[OutboundEmail]:
        found = [
            self.app.load(OutboundEmail, e.originator_id)
            for _, t, e in events_of(self.app)
            if t == "baton.email.Queued"
        ]
        return [e for e in found if template is None or e.template == template]


def staff(app: BatonApplication, email: str, role: Role = Role.ADMIN) -> UUID:
    """An active staff member."""
    users = UserCommands(app)
    setup = CommandContext(actor=Actor.system("setup"), now=T0)
    user_id = users.invite(setup, Invitation(email=email, name=email.split("@")[0].title(), role=role)).id
    users.accept_invitation(setup, user_id, 1)
    return user_id


def client(app: BatonApplication, manager: UUID, billing_email: str = "accounts@acme.example") -> str:
    """A client with a billing address, kept by ``manager``."""
    setup = CommandContext(actor=Actor.system("setup"), now=T0)
    new = NewClient(company_name="Acme", account_manager_id=manager, billing_email=billing_email)
    return str(ClientCommands(app).register(setup, new).id)
