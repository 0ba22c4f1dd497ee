"""The billing share of history: proposals and invoices for the delivery share's clients, in proportion to them.

Each client gets a proposal now and then (about two per client over time); a
proposal is reviewed, sent and decided; an approved one becomes an invoice that
is sent under the year's gapless number and is paid (often in parts), credited,
voided, or turns overdue and is reminded of. Each step is one command by an admin
(or Baton itself), on aggregates kept in memory like the other shares'.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID, uuid4

from domain.aggregate import BatonAggregate
from domain.billing.calendar import today
from domain.billing.contract import Contract
from domain.billing.ids import invoice_id_for
from domain.billing.inputs import NewContract, NewInvoice, NewProposal, Payment
from domain.billing.invoice import Invoice
from domain.billing.lines import Line
from domain.billing.money import Money
from domain.billing.numbering import CREDIT_NOTES, INVOICES, NumberSeries, series_for
from domain.billing.proposal import Proposal
from domain.billing.statuses import OPEN_INVOICE, InvoiceStatus, ProposalStatus
from domain.clients import Client
from domain.context import Actor, CommandContext

ADMIN = Actor.user(f"{8:032x}", "admin")
SYSTEM = Actor.system("billing")
WORK = ["Discovery workshop", "Design", "Development", "Content migration", "Hosting (year)", "Support block"]
PER_CLIENT = 2.0  # proposals each client gets, over the history


class BillingHistory:
    """Keeps a few dozen proposals and invoices open at once, for the clients the delivery share made."""

    most_events = 3  # the year's first invoice starts its series: started, number taken, sent

    def ready(self) -> bool:
        """Once the delivery share has a client: every record here belongs to one."""
        return bool(self.clients())

    def __init__(
        self,
        rng: random.Random,
        clients: Callable[[], Sequence[Client]],
        open_documents: int = 80,
        sample_size: int = 500,
    ) -> None:
        self.rng = rng
        self.clients = clients
        self.target = open_documents
        self.proposals: list[Proposal] = []
        self.invoices: list[Invoice] = []
        self.series: dict[str, NumberSeries] = {}
        self.made = 0
        self._sample: list[UUID] = []
        self._sample_size = sample_size

    def step(self, ctx: CommandContext) -> BatonAggregate | tuple[BatonAggregate, ...]:
        clients = self.clients()
        admin = replace(ctx, actor=ADMIN)
        if clients and self.made < PER_CLIENT * len(clients) and len(self.proposals) < self.target:
            return self._propose(admin, self.rng.choice(clients))
        if self.invoices and (not self.proposals or self.rng.random() < 0.6):
            index = self.rng.randrange(len(self.invoices))
            if self._ready(admin, self.invoices[index]):
                return self._invoice_step(admin, index)
        if self.proposals:
            return self._proposal_step(admin, self.rng.randrange(len(self.proposals)))
        # Nothing open: the next proposal goes to a client who already had theirs.
        return self._propose(admin, self.rng.choice(clients))

    def _propose(self, ctx: CommandContext, client: Client) -> Proposal:
        self.made += 1
        lines = tuple(
            Line(
                self.rng.choice(WORK),
                Decimal(self.rng.choice(["1", "4", "12.5", "40"])),
                Money.of(self.rng.choice(["85.00", "95.00", "120.00", "1500.00"]), "EUR"),
                self.rng.choice([None, Decimal("19"), Decimal("7")]),
            )  # fmt: skip
            for _ in range(self.rng.randint(1, 4))
        )
        client_id = str(client.id)
        new = NewProposal(f"Proposal {self.made}", "EUR", today(ctx) + timedelta(days=30), lines, client_id=client_id)
        proposal = Proposal.draft(ctx, uuid4(), new)
        self.proposals.append(proposal)
        return proposal

    def _proposal_step(self, ctx: CommandContext, index: int) -> BatonAggregate:
        proposal = self.proposals[index]
        if proposal.status is ProposalStatus.DRAFT:
            if self.rng.random() < 0.3 and proposal.review_comments < 2:
                proposal.comment(ctx, "Checked the estimate against the last project.")
            elif proposal.is_expired(ctx):
                proposal.withdraw(ctx, "Expired before it was sent")
            else:
                proposal.send(ctx)
        elif proposal.status is ProposalStatus.SENT:
            if proposal.is_expired(ctx):
                proposal.withdraw(ctx, "The client did not answer in time")
            else:
                proposal.decide(ctx, "", approve=self.rng.random() < 0.75, comment="Answered by phone")
        else:
            self._drop(self.proposals, index)
            if proposal.status is ProposalStatus.APPROVED:
                invoice = self._draft_invoice(ctx, proposal)
                if self.rng.random() < 0.4:  # a maintenance contract too, accepted by the client at once
                    return invoice, self._contract(ctx, proposal)
                return invoice
        return proposal

    def _contract(self, ctx: CommandContext, proposal: Proposal) -> Contract:
        kind = self.rng.choice(["maintenance", "maintenance_and_support"])
        hours = Decimal(self.rng.choice(["5", "10", "20"])) if kind == "maintenance_and_support" else Decimal(0)
        terms = NewContract(str(proposal.id), kind, today(ctx), hours, period_months=12)
        contract = Contract.offer(ctx, terms, proposal)
        client = Actor.user(uuid4(), "client")
        contract.accept(replace(ctx, actor=client), proposal.client_id, "203.0.113.10")
        return contract

    def _ready(self, ctx: CommandContext, invoice: Invoice) -> bool:
        """Whether the client acts on the invoice yet: some pay within days, some only weeks after sending."""
        if invoice.sent_on is None or invoice.status not in OPEN_INVOICE:
            return True
        waits = invoice.id.int % 30  # days this client takes, the same every time it is asked
        return today(ctx) >= invoice.sent_on + timedelta(days=waits)

    def _draft_invoice(self, ctx: CommandContext, proposal: Proposal) -> Invoice:
        new = NewInvoice(proposal.client_id, proposal.currency, tuple(proposal.lines), 14, proposal.title,
                         proposal_id=str(proposal.id))  # fmt: skip
        invoice = Invoice.draft(replace(ctx, actor=SYSTEM), invoice_id_for(proposal.id), new)
        self.invoices.append(invoice)
        if len(self._sample) < self._sample_size:
            self._sample.append(invoice.id)
        return invoice

    def _invoice_step(self, ctx: CommandContext, index: int) -> BatonAggregate | tuple[BatonAggregate, ...]:
        invoice = self.invoices[index]
        if invoice.status is InvoiceStatus.DRAFT:
            series = self._series(ctx, INVOICES)
            invoice.send(ctx, series)
            return invoice, series
        if invoice.status not in OPEN_INVOICE:
            self._drop(self.invoices, index)
            return invoice
        roll = self.rng.random()
        owed = invoice.balance.owed
        assert invoice.due_date is not None
        if not invoice.overdue and today(ctx) > invoice.due_date and roll < 0.5:
            invoice.mark_overdue(replace(ctx, actor=SYSTEM))
        elif invoice.overdue and roll < 0.3 and invoice.reminders_sent < 3:
            invoice.record_reminder(replace(ctx, actor=SYSTEM), invoice.reminders_sent + 1)
        elif roll < 0.06 and not invoice.received and not invoice.credit_notes:
            invoice.void(ctx, "Billed to the wrong client")
        elif roll < 0.12:
            series = self._series(ctx, CREDIT_NOTES)
            invoice.issue_credit_note(ctx, Money.rounded(owed.amount / 10, owed.currency), "Goodwill discount", series)
            return invoice, series
        else:
            part = owed if self.rng.random() < 0.6 else Money.rounded(owed.amount / 2, owed.currency)
            key = f"bank-{invoice.id}-{invoice.version}"
            invoice.record_payment(ctx, Payment(part, today(ctx), key, reference=f"TX {self.rng.randint(1000, 9999)}"))
        return invoice

    def _series(self, ctx: CommandContext, prefix: str) -> NumberSeries:
        name = series_for(prefix, today(ctx))
        found = self.series.get(name)
        if found is None:
            found = self.series[name] = NumberSeries.start(replace(ctx, actor=SYSTEM), name)
        return found

    def _drop(self, items: list[Any], index: int) -> None:
        items[index] = items[-1]
        items.pop()

    def sample_ids(self) -> list[UUID]:
        return list(self._sample)
