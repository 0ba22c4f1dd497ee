"""Proposals in motion: the client gets a sent proposal by email, the team hears of the decision, and an
approved proposal becomes a draft invoice."""

from __future__ import annotations

import logging
from typing import ClassVar

from domain.billing.invoice_commands import InvoiceCommands
from domain.billing.proposal import Proposal
from domain.clock import Clock
from domain.errors import DomainError
from domain.outbox.commands import EmailCommands
from processes.billing.emails import PROPOSAL_DECIDED, PROPOSAL_SENT
from processes.billing.mail import BillingMail, context_for
from processes.billing.people import BillingPeople
from processes.billing.policy import BillingPolicy
from processes.kit import ProcessKit
from processes.manager import ProcessManager, reacts_to

log = logging.getLogger(__name__)
ACTOR = "proposal-flow"


class ProposalFlow(ProcessManager):
    """Emails each sent proposal to the client, tells the team of each decision, drafts the approved one's invoice."""

    name: ClassVar[str] = "proposal_flow"

    def __init__(
        self, people: BillingPeople, mail: BillingMail, invoices: InvoiceCommands, clock: Clock, policy: BillingPolicy
    ) -> None:
        super().__init__()
        self.people, self.mail, self.invoices, self.clock, self.policy = people, mail, invoices, clock, policy

    @classmethod
    def build(cls, kit: ProcessKit) -> ProposalFlow:
        mail = BillingMail(kit.commands(EmailCommands), kit.enqueue_email)
        return cls(
            kit.commands(BillingPeople), mail, kit.commands(InvoiceCommands), kit.clock, BillingPolicy.of(kit.settings)
        )

    @reacts_to(Proposal.Sent)
    def sent(self, event: Proposal.Sent) -> None:
        proposal = self.people.load(Proposal, event.originator_id)
        to = self.people.proposal_addresses(proposal)
        if not to:
            log.warning("proposal %s was sent, but its client has no email address to send it to", proposal.id)
        self.mail.send(
            context_for(event, self.clock, ACTOR), event, to, PROPOSAL_SENT, {"proposal_id": str(proposal.id)}
        )

    @reacts_to(Proposal.Approved)
    def approved(self, event: Proposal.Approved) -> None:
        self._tell_team(event, "approved", event.comment)
        proposal = self.people.load(Proposal, event.originator_id)
        client_id = self.people.client_of(proposal)
        if not client_id:
            log.info(
                "proposal %s was approved for a lead not yet a client: its invoice is drafted by hand", proposal.id
            )
            return
        ctx = context_for(event, self.clock, ACTOR)
        try:
            # Its id derives from the proposal: drafting again answers the invoice already drafted.
            self.invoices.draft_from_proposal(
                ctx, proposal.id, client_id=client_id, payment_terms_days=self.policy.payment_terms_days
            )
        except DomainError as exc:  # a rule refused it: an admin drafts it by hand; the process goes on
            log.warning("the invoice of proposal %s was not drafted: %s", proposal.id, exc)

    @reacts_to(Proposal.Declined)
    def declined(self, event: Proposal.Declined) -> None:
        self._tell_team(event, "declined", event.comment)

    def _tell_team(self, event: Proposal.Approved | Proposal.Declined, decision: str, comment: str) -> None:
        proposal = self.people.load(Proposal, event.originator_id)
        to = self.people.team_addresses(proposal, self.policy.team_email)
        data = {"proposal_id": str(proposal.id), "decision": decision, "comment": comment}
        self.mail.send(context_for(event, self.clock, ACTOR), event, to, PROPOSAL_DECIDED, data)
