"""A proposal for a lead: drafted and sent only while the lead is qualified, moving it on when sent."""

from __future__ import annotations

from domain.context import CommandContext
from domain.errors import InvalidInput, RuleViolation
from domain.leads.aggregate import Lead, LeadStatus

# A lead that already has a proposal out may get a revised one.
LEAD_READY = frozenset({LeadStatus.QUALIFIED, LeadStatus.PROPOSAL_SENT})


def check_lead(lead_id: str, lead: Lead | None, done: str) -> Lead:
    """The lead ``lead_id``, refused unless it is qualified (or already has a proposal out)."""
    if lead is None or str(lead.id) != lead_id:
        raise InvalidInput(f"A lead's proposal is {done} with that lead.")
    if lead.status not in LEAD_READY:
        raise RuleViolation(f"A proposal is {done} only for a qualified lead; this lead is '{lead.status}'.")
    return lead


def mark_proposal_sent(ctx: CommandContext, lead: Lead) -> None:
    """Move a qualified lead to ``proposal_sent`` (one already there stays)."""
    if lead.status is LeadStatus.QUALIFIED:
        lead.change_status(ctx, LeadStatus.PROPOSAL_SENT)
