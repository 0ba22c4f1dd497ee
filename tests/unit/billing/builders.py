"""Builders for billing tests: actors, amounts, lines, and documents walked to a given state."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from uuid import UUID, uuid4

from domain.application import BatonApplication
from domain.billing.contract_commands import ContractCommands, NewContract
from domain.billing.invoice_commands import InvoiceCommands, NewInvoice
from domain.billing.lines import Line
from domain.billing.money import Money
from domain.billing.proposal_commands import NewProposal, ProposalCommands
from domain.context import Actor, CommandContext
from domain.leads import NewLead
from domain.leads.aggregate import LeadStatus
from domain.leads.commands import LeadCommands
from domain.users.commands import Invitation, UserCommands
from domain.users.roles import Role
from tests.builders import T0, ctx

ADMIN = Actor.user(UUID(int=1), "admin")
EMPLOYEE = Actor.user(UUID(int=2), "employee")
SYSTEM = Actor.system()
STRIPE = Actor.system("stripe")
CLIENT_ID = "client-acme"
TODAY = T0.date()


def at(actor: Actor, days: int = 0) -> CommandContext:
    """A context for ``actor``, ``days`` after the tests' fixed start."""
    return ctx(actor, now=T0 + timedelta(days=days))


def eur(amount: str) -> Money:
    return Money.of(amount, "EUR")


def line(description: str = "Design", quantity: str = "2", price: str = "500.00", tax: str | None = "19") -> Line:
    return Line(description, Decimal(quantity), eur(price), None if tax is None else Decimal(tax))


def client_user(app: BatonApplication, client_id: str = CLIENT_ID, active: bool = True) -> Actor:
    """A client user of ``client_id`` (active unless told otherwise), as an actor."""
    users = UserCommands(app)
    email = f"{uuid4().hex[:8]}@client.example"
    user_id = users.invite(
        at(ADMIN), Invitation(email=email, name="Client User", role=Role.CLIENT, client_id=client_id)
    ).id
    if active:
        users.accept_invitation(at(ADMIN), user_id, 1)
    return Actor.user(user_id, "client")


def qualified_lead(app: BatonApplication, status: LeadStatus = LeadStatus.QUALIFIED) -> UUID:
    leads = LeadCommands(app)
    lead_id = leads.register(at(EMPLOYEE), NewLead(name="Avery Stone", company="Stone & Co")).id
    path = [LeadStatus.CONTACTED, LeadStatus.QUALIFIED, LeadStatus.PROPOSAL_SENT, LeadStatus.CONVERTED]
    for step in path[: path.index(status) + 1] if status in path else []:
        leads.change_status(at(EMPLOYEE), lead_id, step)
    return lead_id


def new_proposal(**overrides: object) -> NewProposal:
    values: dict[str, object] = {
        "title": "Website relaunch",
        "currency": "EUR",
        "valid_until": TODAY + timedelta(days=30),
        "lines": (line(),),
        "client_id": CLIENT_ID,
    }
    values.update(overrides)
    return NewProposal(**values)  # type: ignore[arg-type]


def sent_proposal(app: BatonApplication, **overrides: object) -> UUID:
    proposals = ProposalCommands(app)
    proposal_id = proposals.draft(at(ADMIN), new_proposal(**overrides)).id
    proposals.send(at(ADMIN), proposal_id)
    return proposal_id


def approved_proposal(app: BatonApplication, **overrides: object) -> UUID:
    proposal_id = sent_proposal(app, **overrides)
    ProposalCommands(app).approve(at(ADMIN), proposal_id, "Signed on paper")
    return proposal_id


def new_contract(proposal_id: UUID, **overrides: object) -> NewContract:
    values: dict[str, object] = {
        "proposal_id": str(proposal_id),
        "contract_type": "maintenance_and_support",
        "start": date(2026, 4, 1),
        "support_hours_per_month": Decimal("10"),
        "period_months": 12,
        "special_agreements": "Response within one business day.",
    }
    values.update(overrides)
    return NewContract(**values)  # type: ignore[arg-type]


def offered_contract(app: BatonApplication, **overrides: object) -> UUID:
    return ContractCommands(app).offer(at(ADMIN), new_contract(approved_proposal(app), **overrides)).id


def draft_invoice(app: BatonApplication, *lines: Line, terms: int = 14) -> UUID:
    invoice = NewInvoice(client_id=CLIENT_ID, currency="EUR", lines=lines or (line(),), payment_terms_days=terms)
    return InvoiceCommands(app).draft(at(ADMIN), invoice).id


def sent_invoice(app: BatonApplication, *lines: Line, terms: int = 14, now: datetime | None = None) -> UUID:
    invoice_id = draft_invoice(app, *lines, terms=terms)
    InvoiceCommands(app).send(ctx(ADMIN, now=now) if now else at(ADMIN), invoice_id)
    return invoice_id
