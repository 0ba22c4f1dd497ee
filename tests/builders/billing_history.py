"""A varied billing history written through the command groups: proposals and their decisions, contracts,
invoices sent, paid in part or whole, credited, voided, overdue and reminded, refunds, stray payments."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID, uuid4

from domain.billing.contract_commands import ContractCommands, NewContract
from domain.billing.inputs import NewProposal, Payment, Refund
from domain.billing.invoice import Invoice
from domain.billing.invoice_commands import InvoiceCommands
from domain.billing.lines import Line
from domain.billing.money import Money
from domain.billing.proposal_commands import ProposalCommands
from domain.billing.stray_payment_commands import StrayPaymentCommands
from domain.context import Actor, CommandContext
from domain.users import Invitation, Role
from domain.users.commands import UserCommands

START = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
ADMIN = Actor.user(UUID(int=7), "admin")
SYSTEM = Actor.system("billing-history")


@dataclass
class BillingHistory:
    """What was written: the invoices sent (in order), the proposals, and the client users per client."""

    sent: list[UUID] = field(default_factory=list)
    proposals: list[UUID] = field(default_factory=list)
    client_users: dict[str, Actor] = field(default_factory=dict)
    last: datetime = START


def _at(actor: Actor, when: datetime) -> CommandContext:
    return CommandContext(actor=actor, now=when)


def _lines(rng: random.Random, currency: str) -> tuple[Line, ...]:
    items = ["Discovery workshop", "Design", "Development", "Hosting", "Training"]
    return tuple(
        Line(
            rng.choice(items),
            Decimal(rng.choice(["1", "2.5", "8", "12"])),
            Money.of(rng.choice(["80.00", "95.50", "120.00", "1500.00"]), currency),
            rng.choice([None, Decimal("19"), Decimal("7")]),
        )
        for _ in range(rng.randint(1, 3))
    )


def client_user(groups: Any, client_id: str) -> Actor:
    """An active client user of ``client_id``."""
    users = groups(UserCommands)
    setup = _at(SYSTEM, START)
    email = f"{uuid4().hex[:8]}@{client_id}.example"
    user_id = users.invite(setup, Invitation(email=email, name="Client", role=Role.CLIENT, client_id=client_id)).id
    users.accept_invitation(setup, user_id, 1)
    return Actor.user(user_id, "client")


def write_history(groups: Any, count: int, *, seed: int = 14, clients: int = 4) -> BillingHistory:
    """``count`` proposals and what follows from each; ``groups(Group)`` gives a command group."""
    rng = random.Random(seed)
    proposals, contracts, invoices = groups(ProposalCommands), groups(ContractCommands), groups(InvoiceCommands)
    history = BillingHistory()
    for i in range(count):
        client = f"client-{i % clients}"
        person = history.client_users.get(client) or history.client_users.setdefault(
            client, client_user(groups, client)
        )
        now = START + timedelta(days=i * 3, minutes=rng.randint(0, 600))
        currency = "EUR" if i % 5 else "USD"
        new = NewProposal(f"Proposal {i}", currency, now.date() + timedelta(days=30), _lines(rng, currency),
                          client_id=client)  # fmt: skip
        proposal = proposals.draft(_at(ADMIN, now), new).id
        history.proposals.append(proposal)
        if rng.random() < 0.3:
            proposals.comment(_at(ADMIN, now), proposal, "Check the rates")
        if rng.random() < 0.1:
            continue  # left as a draft
        proposals.send(_at(ADMIN, now + timedelta(hours=1)), proposal)
        decided = now + timedelta(days=1)
        if rng.random() < 0.2:
            proposals.decline(_at(person, decided), proposal, "Not now")
            continue
        proposals.approve(_at(person, decided), proposal, "Agreed")
        if rng.random() < 0.5:
            terms = NewContract(str(proposal), "maintenance", now.date(), period_months=12)
            contract = contracts.offer(_at(ADMIN, decided), terms).id
            contracts.accept(_at(person, decided + timedelta(hours=2)), contract, "198.51.100.4")
        invoice = invoices.draft_from_proposal(_at(SYSTEM, decided), proposal, payment_terms_days=14).id
        sent_at = decided + timedelta(days=1)
        invoices.send(_at(ADMIN, sent_at), invoice)
        history.sent.append(invoice)
        history.last = max(history.last, _settle(rng, invoices, invoice, currency, sent_at))
    strays = groups(StrayPaymentCommands)
    stray = Payment(Money.of("42.00", "EUR"), START.date(), "stripe:pi_unknown", "card", "stripe", "pi_unknown")
    strays.receive(_at(SYSTEM, START), stray, invoice_ref="not-ours", reason="No invoice with that id")
    return history


def _settle(rng: random.Random, invoices: InvoiceCommands, invoice: UUID, currency: str, sent_at: datetime) -> datetime:
    """Pay, part-pay, credit, void, or leave overdue and reminded; returns the last moment used."""
    owed = invoices.load(Invoice, invoice).balance.owed
    later = sent_at + timedelta(days=rng.randint(2, 10))
    roll = rng.random()
    if roll < 0.35:
        invoices.record_payment(_at(ADMIN, later), invoice, Payment(owed, later.date(), f"bank-{invoice}"))
        if rng.random() < 0.3:
            refund = Refund(f"bank-{invoice}", Money.of("10", currency), later.date(), f"refund-{invoice}")
            invoices.record_refund(_at(ADMIN, later), invoice, refund)
    elif roll < 0.55:
        half = Money.rounded(owed.amount / 2, currency)
        invoices.record_payment(_at(ADMIN, later), invoice, Payment(half, later.date(), f"bank-{invoice}"))
        invoices.issue_credit_note(_at(ADMIN, later), invoice, Money.of("5", currency), "Rounding goodwill")
    elif roll < 0.65:
        invoices.void(_at(ADMIN, later), invoice, "Billed by mistake")
    else:
        due = sent_at.date() + timedelta(days=14)
        late = datetime.combine(due + timedelta(days=1), datetime.min.time(), UTC) + timedelta(hours=1)
        invoices.mark_overdue(_at(SYSTEM, late), invoice)
        invoices.record_reminder(_at(SYSTEM, late), invoice, 1)
        if rng.random() < 0.5:
            paid_on: date = late.date() + timedelta(days=3)
            when = late + timedelta(days=3)
            invoices.record_payment(_at(ADMIN, when), invoice, Payment(owed, paid_on, f"late-{invoice}"))
            return when
        return late
    return later
