"""A small sample agency, so a fresh `baton serve --demo` has something to show."""

from __future__ import annotations

from datetime import UTC, datetime

from baton.container import Container
from domain.context import Actor, CommandContext
from domain.leads import LeadStatus

_LEADS = [
    ("Dana Whitfield", "Northwind Outfitters", "dana@northwind.example", "website", [LeadStatus.CONTACTED]),
    (
        "Ravi Menon",
        "Blue Harbor Clinics",
        "ravi@blueharbor.example",
        "referral",
        [LeadStatus.CONTACTED, LeadStatus.QUALIFIED],
    ),
    (
        "Lena Ortiz",
        "Cobalt Coffee Co.",
        "lena@cobalt.example",
        "event",
        [LeadStatus.CONTACTED, LeadStatus.QUALIFIED, LeadStatus.PROPOSAL_SENT],
    ),
    ("Sam Okafor", "Tidewater Logistics", "sam@tidewater.example", "website", []),
    (
        "Mira Jensen",
        "Fjord Furniture",
        "mira@fjord.example",
        "referral",
        [LeadStatus.CONTACTED, LeadStatus.QUALIFIED, LeadStatus.PROPOSAL_SENT, LeadStatus.CONVERTED],
    ),
]


def load_demo(container: Container) -> int:
    """Record the sample leads unless the log already has events; returns how many were added."""
    if container.head() > 0:
        return 0
    ctx = CommandContext(actor=Actor.system("demo"), now=datetime.now(UTC), correlation_id="demo-seed")
    for name, company, email, source, path in _LEADS:
        lead = container.leads.register(ctx, name=name, company=company, email=email, source=source)
        for step in path:
            container.leads.change_status(ctx, lead.id, step)
    lost = container.leads.register(ctx, name="Theo Brandt", company="Brandt Bakery", source="cold call")
    container.leads.change_status(ctx, lost.id, LeadStatus.LOST, reason="Chose an in-house developer")
    return len(_LEADS) + 1
