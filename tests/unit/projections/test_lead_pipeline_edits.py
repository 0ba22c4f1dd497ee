"""The lead pipeline follows corrections: edited details, owner and follow-up date, reopened leads, counts by source."""

from __future__ import annotations

from datetime import date
from uuid import uuid4

from domain.application import BatonApplication
from domain.context import Actor
from domain.leads import LeadStatus, NewLead
from domain.leads.commands import LeadChanges, LeadCommands
from projections.engine import replay
from projections.leads import LeadPipeline
from tests.builders import ctx
from tests.unit.projections.log import events_of


def test_row_shows_corrected_details_and_follow_up_when_a_lead_is_edited(
    app: BatonApplication, leads: LeadCommands
) -> None:
    lead = leads.register(ctx(), NewLead(name="Avery", source="website")).id
    leads.edit(ctx(minutes=1), lead, LeadChanges(name="Avery Stone", source="referral", follow_up_on="2026-05-04"))

    view = replay(LeadPipeline(), events_of(app))

    (row,) = view.rows("lead_pipeline")
    assert (row["name"], row["source"], row["follow_up_on"], row["version"]) == (
        "Avery Stone",
        "referral",
        date(2026, 5, 4),
        2,
    )
    assert view.rows("lead_counts") == [{"status": "new", "source": "referral", "leads": 1}]


def test_row_is_open_again_when_an_admin_reopens_a_lost_lead(app: BatonApplication, leads: LeadCommands) -> None:
    lead = leads.register(ctx(), NewLead(name="Avery")).id
    leads.change_status(ctx(), lead, LeadStatus.LOST, reason="No budget")
    leads.reopen(ctx(Actor.user(uuid4(), "admin")), lead, "They called back")

    (row,) = replay(LeadPipeline(), events_of(app)).rows("lead_pipeline")
    assert (row["status"], row["lost_reason"], row["version"]) == ("new", "", 3)
