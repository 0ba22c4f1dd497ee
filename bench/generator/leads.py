"""The lead pipeline's share of history: registrations, moves, notes, losses."""

from __future__ import annotations

import random
from uuid import UUID, uuid4

from domain.context import CommandContext
from domain.leads import Lead, LeadStatus, NewLead
from domain.leads.aggregate import FINAL_STATUSES

SOURCES = ["website", "referral", "event", "cold call", "partner", "newsletter"]
LOSS_REASONS = [
    "Chose another agency",
    "Budget cut for this year",
    "Went quiet after the first call",
    "Building it in-house",
    "Timeline too tight",
]
NOTE_TEXTS = [
    "Called, left a voicemail; will try again on Thursday.",
    "Sent the case studies for two similar shop rebuilds.",
    "They want a quote split into discovery and build phases.",
    "Decision maker is the head of marketing; CTO joins the next call.",
    "Asked for references from clients in their sector.",
    "Budget confirmed for Q3; procurement needs our security answers.",
]
# Chance that a lead in a status moves forward rather than being lost.
ADVANCE = {
    LeadStatus.NEW: 0.85,
    LeadStatus.CONTACTED: 0.7,
    LeadStatus.QUALIFIED: 0.75,
    LeadStatus.PROPOSAL_SENT: 0.55,
}
FORWARD = {
    LeadStatus.NEW: LeadStatus.CONTACTED,
    LeadStatus.CONTACTED: LeadStatus.QUALIFIED,
    LeadStatus.QUALIFIED: LeadStatus.PROPOSAL_SENT,
    LeadStatus.PROPOSAL_SENT: LeadStatus.CONVERTED,
}


class LeadHistory:
    """Keeps a few hundred leads open at once so their events interleave in the log."""

    most_events = 1

    def ready(self) -> bool:
        """Always: this share needs nothing from the others."""
        return True

    def __init__(self, rng: random.Random, open_leads: int = 400, sample_size: int = 2000) -> None:
        self.rng = rng
        self.open_target = open_leads
        self.open: list[Lead] = []
        self.registered = 0
        self._sample: list[UUID] = []
        self._sample_size = sample_size

    def step(self, ctx: CommandContext) -> Lead:
        if len(self.open) < self.open_target and (not self.open or self.rng.random() < 0.25):
            return self._register(ctx)
        index = self.rng.randrange(len(self.open))
        lead = self.open[index]
        if self.rng.random() < 0.35:
            lead.add_note(ctx, self.rng.choice(NOTE_TEXTS))
        elif lead.status in FINAL_STATUSES:
            lead.add_note(ctx, "Closing note: " + self.rng.choice(NOTE_TEXTS))
        elif self.rng.random() < ADVANCE[lead.status]:
            lead.change_status(ctx, FORWARD[lead.status])
        else:
            lead.change_status(ctx, LeadStatus.LOST, reason=self.rng.choice(LOSS_REASONS))
        if lead.status in FINAL_STATUSES and self.rng.random() < 0.5:
            # Retire it from the working set; closed leads get no more commands.
            self.open[index] = self.open[-1]
            self.open.pop()
        return lead

    def _register(self, ctx: CommandContext) -> Lead:
        n = self.registered = self.registered + 1
        lead = Lead.register(
            ctx,
            uuid4(),
            NewLead(
                name=f"Contact {n}",
                company=f"Company {n} Ltd",
                email=f"contact{n}@company{n}.example",
                phone=f"+44 20 7946 {n % 10000:04d}",
                source=self.rng.choice(SOURCES),
                notes=self.rng.choice(NOTE_TEXTS) if self.rng.random() < 0.3 else "",
            ),
        )
        self.open.append(lead)
        # Reservoir sample of ids, so reads in other figures hit real rows.
        if len(self._sample) < self._sample_size:
            self._sample.append(lead.id)
        else:
            slot = self.rng.randrange(n)
            if slot < self._sample_size:
                self._sample[slot] = lead.id
        return lead

    def sample_ids(self) -> list[UUID]:
        return list(self._sample)
