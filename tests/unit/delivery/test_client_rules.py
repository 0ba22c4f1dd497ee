"""A client's record and contacts: who may keep them, and exactly one primary contact."""

from __future__ import annotations

from uuid import UUID, uuid4

import pytest

from domain.clients import Client, NewClient, NewContact
from domain.errors import InvalidInput, NotFound, NotPermitted, RuleViolation
from tests.unit.delivery.agency import Agency


def contact(agency: Agency, client_id: UUID, name: str, *, primary: bool = False, part: str = "admin") -> UUID:
    """A contact named ``name`` with an email of its own, added by ``part``."""
    contact_id = uuid4()
    person = NewContact(name=name, email=f"{name.lower()}@stone.example", phone="+49 30 1234", job_title="CTO")
    agency.clients.add_contact(agency.as_(part), client_id, person, contact_id=contact_id, primary=primary)
    return contact_id


def test_client_is_created_with_trimmed_details_when_an_admin_registers_it(agency: Agency) -> None:
    new = NewClient(
        " Stone & Co ", agency.ids["manager"], address=" 1 Main St ", billing_email=" Billing@Stone.example "
    )
    client = agency.app.load(Client, agency.clients.register(agency.as_("admin"), new).id)
    assert (client.company_name, client.address, client.billing_email) == (
        "Stone & Co",
        "1 Main St",
        "billing@stone.example",
    )
    assert (client.account_manager_id, client.lead_id, client.contacts) == (str(agency.ids["manager"]), "", {})


@pytest.mark.parametrize("part", ["manager", "member", "client"])
def test_registration_is_refused_when_the_actor_is_not_an_admin(agency: Agency, part: str) -> None:
    before = agency.head()
    with pytest.raises(NotPermitted, match="Only an admin may create a client"):
        agency.clients.register(agency.as_(part), NewClient("Stone & Co", agency.ids["manager"]))
    assert agency.head() == before


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"company_name": "  "}, "company name cannot be empty"),
        ({"billing_email": "not-an-address"}, "not a valid email"),
    ],
)
def test_registration_is_refused_when_input_is_wrong(agency: Agency, fields: dict[str, object], message: str) -> None:
    values: dict[str, object] = {"company_name": "Stone & Co", "account_manager_id": agency.ids["manager"], **fields}
    with pytest.raises(InvalidInput, match=message):
        agency.clients.register(agency.as_("admin"), NewClient(**values))


def test_registration_is_refused_as_not_found_when_the_account_manager_is_unknown(agency: Agency) -> None:
    with pytest.raises(NotFound, match="no user with id"):
        agency.clients.register(agency.as_("admin"), NewClient("Stone & Co", uuid4()))


def test_registration_is_refused_when_the_account_manager_is_a_client_user(agency: Agency) -> None:
    client_id = agency.client()
    contact_id = contact(agency, client_id, "Blake")
    user_id = uuid4()
    agency.clients.invite_contact(agency.as_("admin"), client_id, contact_id, user_id=user_id)
    with pytest.raises(InvalidInput, match="is a client user"):
        agency.clients.register(agency.as_("admin"), NewClient("Other Co", user_id))


@pytest.mark.parametrize("part", ["admin", "manager"])
def test_details_change_when_an_admin_or_the_account_manager_edits(agency: Agency, part: str) -> None:
    client_id = agency.client()
    before = agency.head()
    agency.clients.change_details(agency.as_(part), client_id, address="2 High St", company_name="Stone & Co")
    assert agency.topics_since(before) == ["baton.client.DetailsChanged"]
    event = agency.events_since(before)[0]
    assert event.changes == {"address": "2 High St"}, "unchanged values are not recorded"


@pytest.mark.parametrize("part", ["member", "outsider", "client"])
def test_details_change_is_refused_when_the_actor_does_not_keep_the_account(agency: Agency, part: str) -> None:
    client_id = agency.client()
    with pytest.raises(NotPermitted, match="account manager"):
        agency.clients.change_details(agency.as_(part), client_id, address="2 High St")


def test_account_manager_changes_only_when_an_admin_gives_the_account_away(agency: Agency) -> None:
    client_id = agency.client()
    with pytest.raises(NotPermitted, match="Only an admin"):
        agency.clients.change_account_manager(agency.as_("manager"), client_id, agency.ids["member"])
    agency.clients.change_account_manager(agency.as_("admin"), client_id, agency.ids["member"])
    assert agency.app.load(Client, client_id).account_manager_id == str(agency.ids["member"])
    with pytest.raises(RuleViolation, match="already manages"):
        agency.clients.change_account_manager(agency.as_("admin"), client_id, agency.ids["member"])


def test_first_contact_becomes_primary_when_the_client_has_none(agency: Agency) -> None:
    client_id = agency.client()
    before = agency.head()
    first = contact(agency, client_id, "Avery", part="manager")
    assert agency.topics_since(before) == ["baton.client.ContactAdded", "baton.client.PrimaryContactSet"]
    assert agency.app.load(Client, client_id).primary_contact_id == str(first)


def test_previous_primary_is_demoted_when_another_contact_is_made_primary(agency: Agency) -> None:
    client_id = agency.client()
    first = contact(agency, client_id, "Avery")
    second = contact(agency, client_id, "Blake")
    assert agency.app.load(Client, client_id).primary_contact_id == str(first), (
        "a second contact is not primary by itself"
    )
    before = agency.head()
    agency.clients.make_primary(agency.as_("manager"), client_id, second)
    events = agency.events_since(before)
    assert [(type(e).TOPIC, e.contact_id) for e in events] == [
        ("baton.client.PrimaryContactDemoted", str(first)),
        ("baton.client.PrimaryContactSet", str(second)),
    ]
    assert agency.app.load(Client, client_id).primary_contact_id == str(second)


def test_contact_added_as_primary_demotes_the_previous_primary_when_flagged(agency: Agency) -> None:
    client_id = agency.client()
    first = contact(agency, client_id, "Avery")
    second = contact(agency, client_id, "Blake", primary=True)
    client = agency.app.load(Client, client_id)
    assert client.primary_contact_id == str(second) and str(first) in client.contacts


def test_making_primary_is_refused_when_the_contact_already_is_primary(agency: Agency) -> None:
    client_id = agency.client()
    first = contact(agency, client_id, "Avery")
    with pytest.raises(RuleViolation, match="already is the primary"):
        agency.clients.make_primary(agency.as_("admin"), client_id, first)


def test_primary_contact_cannot_be_removed_when_other_contacts_remain(agency: Agency) -> None:
    client_id = agency.client()
    first = contact(agency, client_id, "Avery")
    second = contact(agency, client_id, "Blake")
    with pytest.raises(RuleViolation, match="make another contact primary"):
        agency.clients.remove_contact(agency.as_("admin"), client_id, first)
    agency.clients.remove_contact(agency.as_("admin"), client_id, second)
    before = agency.head()
    agency.clients.remove_contact(agency.as_("admin"), client_id, first)
    assert agency.topics_since(before) == ["baton.client.PrimaryContactDemoted", "baton.client.ContactRemoved"]
    client = agency.app.load(Client, client_id)
    assert (client.contacts, client.primary_contact_id) == ({}, "")


def test_contact_is_refused_when_another_contact_has_the_same_email(agency: Agency) -> None:
    client_id = agency.client()
    contact(agency, client_id, "Avery")
    with pytest.raises(RuleViolation, match="already has the email avery@stone.example"):
        agency.clients.add_contact(agency.as_("admin"), client_id, NewContact("A. Stone", email="AVERY@stone.example"))


@pytest.mark.parametrize(("fields", "message"), [({"name": " "}, "name cannot be empty"), ({"email": "x@y"}, "valid")])
def test_contact_is_refused_when_input_is_wrong(agency: Agency, fields: dict[str, str], message: str) -> None:
    client_id = agency.client()
    with pytest.raises(InvalidInput, match=message):
        agency.clients.add_contact(agency.as_("admin"), client_id, NewContact(**{"name": "Avery", **fields}))


def test_contact_changes_record_only_new_values_when_edited(agency: Agency) -> None:
    client_id = agency.client()
    first = contact(agency, client_id, "Avery")
    before = agency.head()
    agency.clients.change_contact(agency.as_("manager"), client_id, first, job_title="CEO", name="Avery")
    assert [e.changes for e in agency.events_since(before)] == [{"job_title": "CEO"}]
    with pytest.raises(NotFound, match="no contact"):
        agency.clients.change_contact(agency.as_("manager"), client_id, uuid4(), name="Nobody")


@pytest.mark.parametrize("part", ["member", "outsider", "client"])
def test_contacts_are_refused_when_the_actor_does_not_keep_the_account(agency: Agency, part: str) -> None:
    client_id = agency.client()
    with pytest.raises(NotPermitted):
        agency.clients.add_contact(agency.as_(part), client_id, NewContact("Avery"))


def test_registration_is_refused_before_the_manager_is_looked_up_when_the_actor_is_not_an_admin(agency: Agency) -> None:
    with pytest.raises(NotPermitted):
        agency.clients.register(agency.as_("manager"), NewClient("Stone & Co", uuid4()))
