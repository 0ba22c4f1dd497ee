"""A project on its way to support, on the in-memory store: the delivery agency plus billing and the handoff.

Parts are the delivery agency's (``admin``, ``manager`` who runs the project,
``member``, ``colleague``, ``outsider``) plus ``lead``, an active employee who
becomes the support lead. Times are minutes after T0 (Monday 2 March 2026, 09:00 UTC).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from domain.application import BatonApplication
from domain.billing.contract_commands import ContractCommands
from domain.billing.invoice_commands import InvoiceCommands, NewInvoice
from domain.context import Actor, CommandContext
from domain.handoff import DataChanges, Evidence, Host, Person, Section, evidence
from domain.handoff.checklist import PERSON_ITEMS
from domain.handoff.commands import HandoffCommands
from domain.handoff.stage import Stage
from domain.projects import NewDeployment, NewDocument, ProjectStatus, Visibility
from domain.projects.deployment import Environment
from domain.tasks import TaskStatus
from domain.users import Invitation, Role
from tests.builders import T0
from tests.unit.billing.builders import ADMIN, approved_proposal, client_user, line, new_contract
from tests.unit.delivery.agency import Agency

CLIENT_CONTACT = Person("Alex Client", "alex@client.example", "+1 555 0100")
TECH_CONTACT = Person("Jo Tech", "jo@client.example")
FOR_TRAINING = DataChanges(authorised_contacts=(CLIENT_CONTACT,))
FOR_LAUNCH = DataChanges(
    live_url="https://www.client.example",
    launch_date=T0.date(),
    hosted_by=Host.AGENCY,
    managed_hosting=True,
    technical_contacts=(TECH_CONTACT,),
)


@dataclass
class World:
    """The agency's commands, a project with its handoff started, and builders for everything around it."""

    app: BatonApplication
    agency: Agency = field(init=False)
    handoffs: HandoffCommands = field(init=False)
    project_id: UUID = field(init=False)

    def __post_init__(self) -> None:
        self.agency = Agency(self.app)
        self.handoffs = HandoffCommands(self.app)
        lead = self.agency.users.invite(
            self.as_("system"), Invitation(email="lead@agency.example", name="Lee Lead", role=Role.EMPLOYEE)
        ).id
        self.agency.users.accept_invitation(self.as_("system"), lead, 1)
        self.agency.ids["lead"] = lead
        self.project_id = self.agency.project(ProjectStatus.ACTIVE)
        self.handoffs.start(self.as_("manager"), self.project_id)

    @property
    def client_id(self) -> str:
        return str(self.agency.ids["client"])

    def as_(self, part: str, minutes: int = 0) -> CommandContext:
        if part == "lead":
            return CommandContext(
                actor=Actor.user(self.agency.ids["lead"], "employee"), now=self.agency.as_("admin", minutes).now
            )
        return self.agency.as_(part, minutes)

    def handoff(self) -> Any:
        return self.handoffs.get(self.project_id)

    def fill(self, changes: DataChanges, minutes: int = 0) -> None:
        self.handoffs.change_data(self.as_("manager", minutes), self.project_id, changes)

    def for_handoff(self) -> None:
        """The data handing off needs beyond launching: support lead, credentials' place, documentation, contract."""
        self.fill(
            DataChanges(
                support_lead_id=str(self.agency.ids["lead"]),
                credentials_location="Password vault, folder 'Client site'",
                documentation={
                    Section.BASIC_INFO: "A city website",
                    Section.IMPORTANT_URLS: "https://www.client.example/admin",
                },
            )
        )
        self.handoffs.attach_contract(self.as_("manager"), self.project_id, self.contract(accepted=False))

    def to_stage(self, stage: Stage) -> None:
        """Fill in what each stage needs and move the handoff on to ``stage`` (not handed_off), from where it is."""
        if self.handoff().stage is Stage.NOT_STARTED:
            self.fill(FOR_TRAINING)
            self.handoffs.advance(self.as_("manager", 1), self.project_id, Stage.CLIENT_TRAINED)
        if stage is Stage.LAUNCHED and self.handoff().stage is Stage.CLIENT_TRAINED:
            self.fill(FOR_LAUNCH, 2)
            self.handoffs.advance(self.as_("manager", 3), self.project_id, Stage.LAUNCHED)

    def contract(self, *, accepted: bool = True, **overrides: Any) -> UUID:
        """A support contract offered to the project's client (and accepted by a client user)."""
        proposal = approved_proposal(self.app, client_id=self.client_id)
        values = {"support_hours_per_month": Decimal("10"), "start": date(2026, 4, 1), **overrides}
        contract_id = ContractCommands(self.app).offer(self.agency.as_("admin"), new_contract(proposal, **values)).id
        if accepted:
            self.accept(contract_id)
        return contract_id

    def accept(self, contract_id: UUID) -> None:
        user = client_user(self.app, client_id=self.client_id)
        ContractCommands(self.app).accept(CommandContext(actor=user, now=T0), contract_id, "192.0.2.10")

    def invoice(self, *, sent: bool = False) -> UUID:
        invoices = InvoiceCommands(self.app)
        invoice_id = invoices.draft(self.agency.as_("admin"), NewInvoice(self.client_id, "EUR", (line(),))).id
        if sent:
            invoices.send(CommandContext(actor=ADMIN, now=T0), invoice_id)
        return invoice_id

    def prove_everything(self) -> None:
        """Give every item other records prove its proof: tasks done, deployment, document, invoice, contract, completion."""
        self.agency.task(self.project_id, TaskStatus.DONE)
        self.agency.deployments.record(
            self.as_("member"),
            NewDeployment(self.project_id, Environment.PRODUCTION, "https://www.client.example", "v1.0"),
        )
        self.agency.documents.upload(
            self.as_("manager"),
            NewDocument(self.project_id, "Handbook.pdf", "application/pdf", 10, "a" * 64, Visibility.CLIENT),
        )
        self.handoffs.name_final_invoice(self.as_("manager"), self.project_id, self.invoice(sent=True))
        self.handoffs.attach_contract(self.as_("manager"), self.project_id, self.contract(accepted=True))
        for step in (ProjectStatus.IN_REVIEW, ProjectStatus.COMPLETED):
            self.agency.projects.change_status(
                self.as_("manager"), self.project_id, step, reason="Accepted by the client"
            )

    def tick_everything(self) -> None:
        for item in PERSON_ITEMS:
            self.handoffs.tick(self.as_("lead"), self.project_id, item, "done")

    def evidence(self) -> Evidence:
        return evidence(str(self.project_id), self.agency.events_since(0))
