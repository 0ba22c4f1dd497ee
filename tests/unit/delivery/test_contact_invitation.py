"""Inviting a contact to the client portal: the client, the user and the email claim in one commit."""

from __future__ import annotations

from uuid import UUID, uuid4

import pytest

from domain.clients import Client, NewContact
from domain.errors import NotPermitted, RuleViolation
from domain.users import EmailClaim, Invitation, Role, User, UserStatus, email_claim_id
from domain.users.commands import EmailTaken
from tests.unit.delivery.agency import Agency


def contact(agency: Agency, client_id: UUID, email: str = "blake@stone.example") -> UUID:
    contact_id = uuid4()
    agency.clients.add_contact(agency.as_("admin"), client_id, NewContact("Blake", email=email), contact_id=contact_id)
    return contact_id


def test_contact_becomes_a_client_user_of_the_client_when_an_admin_invites_them(agency: Agency) -> None:
    client_id = agency.client()
    contact_id = contact(agency, client_id)
    user_id = uuid4()
    before = agency.head()
    result = agency.clients.invite_contact(agency.as_("admin"), client_id, contact_id, user_id=user_id)
    assert sorted(agency.topics_since(before)) == [
        "baton.client.ContactInvited",
        "baton.user.EmailClaimed",
        "baton.user.Invited",
    ]
    assert result.position == agency.head() and result.id == client_id
    user = agency.app.load(User, user_id)
    assert (user.role, user.client_id, user.email, user.name, user.status) == (
        Role.CLIENT,
        str(client_id),
        "blake@stone.example",
        "Blake",
        UserStatus.INVITED,
    )
    assert agency.app.load(EmailClaim, email_claim_id("blake@stone.example")).user_id == str(user_id)
    assert agency.app.load(Client, client_id).contacts[str(contact_id)]["user_id"] == str(user_id)


def test_invitation_is_refused_and_records_nothing_when_the_email_belongs_to_a_user(agency: Agency) -> None:
    client_id = agency.client()
    contact_id = contact(agency, client_id, email="member@agency.example")
    before = agency.head()
    with pytest.raises(EmailTaken, match="member@agency.example already exists"):
        agency.clients.invite_contact(agency.as_("admin"), client_id, contact_id)
    assert agency.head() == before
    assert agency.app.load(Client, client_id).contacts[str(contact_id)]["user_id"] == ""


def test_invitation_is_refused_when_the_contact_was_invited_already(agency: Agency) -> None:
    client_id = agency.client()
    contact_id = contact(agency, client_id)
    agency.clients.invite_contact(agency.as_("admin"), client_id, contact_id)
    with pytest.raises(RuleViolation, match="already invited"):
        agency.clients.invite_contact(agency.as_("admin"), client_id, contact_id)


def test_invitation_is_refused_when_the_contact_has_no_email(agency: Agency) -> None:
    client_id = agency.client()
    contact_id = uuid4()
    agency.clients.add_contact(
        agency.as_("admin"), client_id, NewContact("Blake", phone="+1 555"), contact_id=contact_id
    )
    with pytest.raises(RuleViolation, match="no email address"):
        agency.clients.invite_contact(agency.as_("admin"), client_id, contact_id)


@pytest.mark.parametrize("part", ["manager", "member", "client"])
def test_invitation_is_refused_and_records_nothing_when_the_actor_is_not_an_admin(agency: Agency, part: str) -> None:
    client_id = agency.client()
    contact_id = contact(agency, client_id)
    before = agency.head()
    with pytest.raises(NotPermitted, match="Only an admin may invite"):
        agency.clients.invite_contact(agency.as_(part), client_id, contact_id)
    assert agency.head() == before


def test_invited_contact_can_be_invited_again_never_when_a_user_took_the_email_meanwhile(agency: Agency) -> None:
    client_id = agency.client()
    contact_id = contact(agency, client_id)
    agency.users.invite(agency.as_("admin"), Invitation("Blake@Stone.example", "Blake", Role.CLIENT, str(client_id)))
    with pytest.raises(EmailTaken):
        agency.clients.invite_contact(agency.as_("admin"), client_id, contact_id)
