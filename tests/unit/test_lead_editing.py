"""Correcting a lead: details with before and after, owner, follow-up, reasons kept, reopening a lost lead."""

from __future__ import annotations

from uuid import UUID, uuid4

import pytest

from domain.application import BatonApplication
from domain.context import Actor
from domain.errors import InvalidInput, InvalidTransition, NotPermitted, StaleVersion
from domain.leads import Lead, LeadStatus, NewLead
from domain.leads.commands import LeadChanges, LeadCommands
from domain.users import Invitation, Role
from domain.users.commands import UserCommands
from tests.builders import ctx

ADMIN = Actor.user(uuid4(), "admin")


def a_lead(leads: LeadCommands, **fields: str) -> UUID:
    return leads.register(ctx(), NewLead(name="Avery Stone", company="Stone & Co", **fields)).id


def active_user(app: BatonApplication, role: Role) -> UUID:
    users = UserCommands(app)
    user_id = users.invite(ctx(), Invitation(email=f"{uuid4().hex[:8]}@example.com", name="Sam", role=role)).id
    users.accept_invitation(ctx(), user_id, 1)
    return user_id


def test_edit_records_each_changed_field_before_and_after_when_details_are_corrected(
    app: BatonApplication, leads: LeadCommands
) -> None:
    lead_id = a_lead(leads, phone="555 0100")
    leads.edit(ctx(), lead_id, LeadChanges(name=" Avery Stone-Hill ", phone="+1 555 0199", company="Stone & Co"))
    edited = list(app.events.get(lead_id))[-1]
    assert isinstance(edited, Lead.Edited)
    assert edited.before == {"name": "Avery Stone", "phone": "555 0100"}
    assert edited.after == {"name": "Avery Stone-Hill", "phone": "+1 555 0199"}
    assert app.load(Lead, lead_id).name == "Avery Stone-Hill"


def test_edit_records_nothing_when_no_value_differs(app: BatonApplication, leads: LeadCommands) -> None:
    lead_id = a_lead(leads)
    result = leads.edit(ctx(), lead_id, LeadChanges(name="Avery Stone"))
    assert result.version == 1


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (LeadChanges(name="  "), "needs a name"),
        (LeadChanges(phone="call me"), "not a phone number"),
        (LeadChanges(website="not a site"), "not a website"),
        (LeadChanges(email="nobody"), "not an email"),
        (LeadChanges(follow_up_on="next week"), "not a date"),
    ],
)
def test_edit_is_refused_when_a_value_breaks_its_rule(leads: LeadCommands, changes: LeadChanges, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        leads.edit(ctx(), a_lead(leads), changes)


def test_phone_and_website_follow_the_same_rule_when_registering(leads: LeadCommands) -> None:
    with pytest.raises(InvalidInput, match="not a phone number"):
        a_lead(leads, phone="call me")
    with pytest.raises(InvalidInput, match="not a website"):
        a_lead(leads, website="http://localhost")
    assert a_lead(leads, phone="", website="") is not None


def test_owner_is_set_and_cleared_when_they_are_active_staff(app: BatonApplication, leads: LeadCommands) -> None:
    lead_id = a_lead(leads)
    owner = active_user(app, Role.EMPLOYEE)
    leads.edit(ctx(), lead_id, LeadChanges(owner_id=str(owner), follow_up_on="2026-04-01"))
    lead = app.load(Lead, lead_id)
    assert (lead.owner_id, lead.follow_up_on) == (str(owner), "2026-04-01")
    leads.edit(ctx(), lead_id, LeadChanges(owner_id="", follow_up_on=""))
    assert (app.load(Lead, lead_id).owner_id, app.load(Lead, lead_id).follow_up_on) == ("", "")


def test_owner_is_refused_when_not_active_staff(app: BatonApplication, leads: LeadCommands) -> None:
    client = UserCommands(app).invite(
        ctx(), Invitation(email="c@example.com", name="C", role=Role.CLIENT, client_id="x")
    )
    for owner in (str(client.id), str(uuid4()), "not-an-id"):
        with pytest.raises(InvalidInput, match="No active admin or employee"):
            leads.edit(ctx(), a_lead(leads), LeadChanges(owner_id=owner))


def test_reason_is_kept_when_a_lead_moves_forward(app: BatonApplication, leads: LeadCommands) -> None:
    lead_id = a_lead(leads)
    leads.change_status(ctx(), lead_id, LeadStatus.CONTACTED, reason="Replied to our email")
    moved = list(app.events.get(lead_id))[-1]
    assert isinstance(moved, Lead.StatusChanged) and moved.reason == "Replied to our email"


def test_lost_lead_returns_to_the_status_it_was_lost_from_when_an_admin_reopens_it(
    app: BatonApplication, leads: LeadCommands
) -> None:
    lead_id = a_lead(leads)
    leads.change_status(ctx(), lead_id, LeadStatus.CONTACTED)
    leads.change_status(ctx(), lead_id, LeadStatus.LOST, reason="No budget")
    leads.reopen(ctx(ADMIN), lead_id, "Budget approved after all", expected_version=3)
    lead = app.load(Lead, lead_id)
    assert (lead.status, lead.lost_reason) == (LeadStatus.CONTACTED, "")
    reopened = list(app.events.get(lead_id))[-1]
    assert isinstance(reopened, Lead.Reopened) and reopened.reason == "Budget approved after all"


def test_reopening_is_refused_when_not_an_admin_not_lost_or_without_a_reason(leads: LeadCommands) -> None:
    lead_id = a_lead(leads)
    with pytest.raises(InvalidTransition, match="Only a lost lead"):
        leads.reopen(ctx(ADMIN), lead_id, "why not")
    leads.change_status(ctx(), lead_id, LeadStatus.LOST, reason="No budget")
    with pytest.raises(NotPermitted, match="Only an admin"):
        leads.reopen(ctx(), lead_id, "I think they will buy")
    with pytest.raises(InvalidInput, match="needs a reason"):
        leads.reopen(ctx(ADMIN), lead_id, "  ")


def test_stale_version_says_the_record_has_not_reached_it_when_it_is_ahead(leads: LeadCommands) -> None:
    lead_id = a_lead(leads)
    with pytest.raises(StaleVersion, match="no version 99 yet; it is at version 1"):
        leads.edit(ctx(), lead_id, LeadChanges(company="X"), expected_version=99)
    with pytest.raises(StaleVersion, match="changed since you read it"):
        leads.add_note(ctx(), lead_id, "hi", expected_version=0)
