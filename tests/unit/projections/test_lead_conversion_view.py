"""A converted lead in the pipeline: status converted, with the client it became."""

from __future__ import annotations

from domain.application import BatonApplication
from domain.clients import NewClient
from domain.clients.commands import ClientCommands
from domain.context import Actor
from domain.leads import LeadStatus, NewLead
from domain.leads.commands import LeadCommands
from domain.users import Invitation, Role
from domain.users.commands import UserCommands
from projections.engine import replay
from projections.leads import LeadPipeline
from tests.builders import ctx
from tests.unit.projections.log import events_of


def test_converted_lead_shows_its_client_and_moves_between_counts_when_converted(
    app: BatonApplication, leads: LeadCommands
) -> None:
    admin = ctx(Actor.user("a" * 32, "admin"))
    manager = UserCommands(app).invite(admin, Invitation("m@agency.example", "M", Role.EMPLOYEE)).id
    lead = leads.register(admin, NewLead("Quinn", source="referral")).id
    for status in (LeadStatus.CONTACTED, LeadStatus.QUALIFIED):
        leads.change_status(admin, lead, status)
    client = ClientCommands(app).convert_lead(admin, lead, NewClient("", manager)).id

    view = replay(LeadPipeline(), events_of(app))

    (row,) = view.rows("lead_pipeline")
    assert (row["status"], row["client_id"], row["version"]) == ("converted", str(client), 4)
    assert view.rows("lead_counts") == [{"status": "converted", "source": "referral", "leads": 1}]
