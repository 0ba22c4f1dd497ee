"""Commands on proposals: draft, revise, review, send, and the client's decision."""

from __future__ import annotations

from datetime import date
from uuid import UUID, uuid4

from domain.aggregate import BatonAggregate
from domain.application import CommandResult
from domain.billing.changes import BillingCommands, uuid_of
from domain.billing.inputs import NewProposal
from domain.billing.lines import Line
from domain.billing.proposal import Proposal
from domain.context import CommandContext
from domain.leads.aggregate import Lead

__all__ = ["NewProposal", "ProposalCommands"]

# A review comment does not depend on what its author last saw.
_COMMENT_RETRIES = 3


class ProposalCommands(BillingCommands):
    """The write side of proposals."""

    def draft(self, ctx: CommandContext, proposal: NewProposal, *, proposal_id: UUID | None = None) -> CommandResult:
        """Draft a proposal for a client or a qualified lead."""
        lead = self._lead(proposal.lead_id)
        return self.create(Proposal.draft(ctx, proposal_id or uuid4(), proposal, lead))

    def revise(
        self,
        ctx: CommandContext,
        proposal_id: UUID,
        *,
        title: str | None = None,
        valid_until: date | None = None,
        lines: tuple[Line, ...] | None = None,
        expected_version: int | None = None,
    ) -> CommandResult:
        """Change a draft's title, validity or lines."""
        return self.change(
            Proposal,
            proposal_id,
            lambda p: p.revise(ctx, title=title, valid_until=valid_until, lines=lines),
            expected_version=expected_version,
        )

    def comment(self, ctx: CommandContext, proposal_id: UUID, text: str) -> CommandResult:
        """Add an internal review comment."""
        return self.change(Proposal, proposal_id, lambda p: p.comment(ctx, text), retries=_COMMENT_RETRIES)

    def send(self, ctx: CommandContext, proposal_id: UUID, *, expected_version: int | None = None) -> CommandResult:
        """Send a draft to the client; a lead's proposal moves the lead to proposal_sent in the same commit."""

        def send(proposal: Proposal) -> tuple[BatonAggregate, ...]:
            lead = self._lead(proposal.lead_id)
            proposal.send(ctx, lead)
            return () if lead is None else (lead,)

        return self.change_alongside(Proposal, proposal_id, send, expected_version=expected_version)

    def approve(
        self, ctx: CommandContext, proposal_id: UUID, comment: str = "", *, expected_version: int | None = None
    ) -> CommandResult:
        """The client user approves (or an admin records the client's approval)."""
        client = self.acting_client(ctx)
        return self.change(
            Proposal,
            proposal_id,
            lambda p: p.decide(ctx, client, approve=True, comment=comment),
            expected_version=expected_version,
        )

    def decline(
        self, ctx: CommandContext, proposal_id: UUID, comment: str = "", *, expected_version: int | None = None
    ) -> CommandResult:
        """The client user declines (or an admin records the client's refusal)."""
        client = self.acting_client(ctx)
        return self.change(
            Proposal,
            proposal_id,
            lambda p: p.decide(ctx, client, approve=False, comment=comment),
            expected_version=expected_version,
        )

    def withdraw(
        self, ctx: CommandContext, proposal_id: UUID, reason: str, *, expected_version: int | None = None
    ) -> CommandResult:
        """Withdraw a draft or sent proposal."""
        return self.change(Proposal, proposal_id, lambda p: p.withdraw(ctx, reason), expected_version=expected_version)

    def _lead(self, lead_id: str) -> Lead | None:
        return self.load(Lead, uuid_of(lead_id, "lead")) if lead_id else None
