"""Converting a lead into a client: both records change in one commit, or neither does."""

from __future__ import annotations

from uuid import UUID, uuid4

import pytest

from domain.clients import Client, NewClient
from domain.errors import ConcurrentChange, InvalidTransition, NotFound, NotPermitted, StaleVersion
from domain.leads import Lead, LeadStatus, NewLead
from domain.leads.commands import LeadCommands
from tests.unit.delivery.agency import Agency

S = LeadStatus
WALK = [S.NEW, S.CONTACTED, S.QUALIFIED, S.PROPOSAL_SENT, S.CONVERTED]


def lead_in(agency: Agency, status: LeadStatus, **fields: str) -> UUID:
    """A lead walked to ``status`` (``converted`` by the plain status change; ``lost`` with a reason)."""
    leads = LeadCommands(agency.app)
    values = {"name": "Avery Stone", "company": "Stone & Co", "email": "avery@stone.example", "phone": "+49 30 1"}
    lead_id = leads.register(agency.as_("admin"), NewLead(**{**values, **fields})).id
    if status is S.LOST:
        leads.change_status(agency.as_("admin"), lead_id, S.LOST, reason="went quiet")
    for step in WALK[1 : WALK.index(status) + 1] if status is not S.LOST else []:
        leads.change_status(agency.as_("admin"), lead_id, step)
    return lead_id


def convert(agency: Agency, lead_id: UUID, part: str = "admin", **kwargs: object) -> UUID:
    new = NewClient(company_name="", account_manager_id=agency.ids["manager"], address="1 Main St")
    return agency.clients.convert_lead(agency.as_(part), lead_id, new, **kwargs).id  # type: ignore[arg-type]


@pytest.mark.parametrize("status", [S.QUALIFIED, S.PROPOSAL_SENT])
def test_lead_becomes_a_client_in_one_commit_when_it_is_qualified_or_has_a_proposal(
    agency: Agency, status: LeadStatus
) -> None:
    lead_id = lead_in(agency, status)
    before = agency.head()
    client_id = convert(agency, lead_id)
    events = agency.events_since(before)
    assert [type(e).TOPIC for e in events] == [
        "baton.lead.ConvertedToClient",
        "baton.client.Created",
        "baton.client.ContactAdded",
        "baton.client.PrimaryContactSet",
    ]
    assert len({e.timestamp for e in events}) == 1
    lead = agency.app.load(Lead, lead_id)
    assert (lead.status, lead.client_id) == (S.CONVERTED, str(client_id))
    assert events[0].from_status == status.value
    client = agency.app.load(Client, client_id)
    assert (client.lead_id, client.company_name, client.billing_email, client.address) == (
        str(lead_id),
        "Stone & Co",
        "avery@stone.example",
        "1 Main St",
    )
    (person,) = client.contacts.values()
    assert (person["name"], person["email"], person["phone"]) == ("Avery Stone", "avery@stone.example", "+49 30 1")


@pytest.mark.parametrize("status", [S.NEW, S.CONTACTED, S.CONVERTED, S.LOST])
def test_conversion_is_refused_naming_the_status_and_records_nothing_when_the_lead_is_not_ready(
    agency: Agency, status: LeadStatus
) -> None:
    lead_id = lead_in(agency, status)
    before = agency.head()
    with pytest.raises(InvalidTransition) as refused:
        convert(agency, lead_id)
    assert f"this lead is '{status}'" in str(refused.value)
    assert "'qualified' or 'proposal_sent'" in str(refused.value)
    assert agency.head() == before


@pytest.mark.parametrize("part", ["manager", "member", "client"])
def test_conversion_is_refused_and_records_nothing_when_the_actor_is_not_an_admin(agency: Agency, part: str) -> None:
    lead_id = lead_in(agency, S.QUALIFIED)
    before = agency.head()
    with pytest.raises(NotPermitted):
        convert(agency, lead_id, part)
    assert agency.head() == before
    assert agency.app.load(Lead, lead_id).status is S.QUALIFIED


def test_lead_stays_qualified_when_saving_the_client_fails(agency: Agency) -> None:
    lead_id = lead_in(agency, S.QUALIFIED)
    taken = agency.client()
    before = agency.head()
    with pytest.raises(ConcurrentChange):
        convert(agency, lead_id, client_id=taken)
    assert agency.head() == before
    assert agency.app.load(Lead, lead_id).status is S.QUALIFIED


def test_conversion_is_refused_when_the_lead_changed_since_it_was_read(agency: Agency) -> None:
    lead_id = lead_in(agency, S.QUALIFIED)
    with pytest.raises(StaleVersion):
        convert(agency, lead_id, expected_version=1)
    convert(agency, lead_id, expected_version=3)


def test_given_company_and_billing_email_win_and_no_contact_is_made_when_asked(agency: Agency) -> None:
    lead_id = lead_in(agency, S.QUALIFIED, email="not an address")
    new = NewClient("Stone Holdings", agency.ids["manager"], billing_email="ap@stone.example")
    client_id = agency.clients.convert_lead(agency.as_("admin"), lead_id, new, lead_as_contact=False).id
    client = agency.app.load(Client, client_id)
    assert (client.company_name, client.billing_email, client.contacts) == ("Stone Holdings", "ap@stone.example", {})


def test_lead_email_that_is_no_address_is_left_out_when_converted(agency: Agency) -> None:
    lead_id = lead_in(agency, S.QUALIFIED, company="", email="call me")
    client = agency.app.load(Client, convert(agency, lead_id))
    assert (client.company_name, client.billing_email) == ("Avery Stone", "")
    assert [c["email"] for c in client.contacts.values()] == [""]


def test_lead_snapshot_from_before_conversion_loads_without_a_client_when_upcast(agency: Agency) -> None:
    import json

    from eventsourcing.domain import Snapshot
    from eventsourcing.persistence import StoredEvent

    lead_id = lead_in(agency, S.QUALIFIED)
    stored = agency.app.mapper.to_stored_event(Snapshot.take(agency.app.load(Lead, lead_id)))
    old = json.loads(stored.state)
    old["state"]["class_version"] = 3
    old["state"].pop("client_id")
    raw = StoredEvent(stored.originator_id, stored.originator_version, stored.topic, json.dumps(old).encode())
    lead = agency.app.mapper.to_domain_event(raw).mutate(None)
    assert isinstance(lead, Lead) and lead.client_id == ""


def test_converted_lead_names_no_client_when_it_was_moved_by_a_plain_status_change(agency: Agency) -> None:
    lead_id = lead_in(agency, S.CONVERTED)
    assert agency.app.load(Lead, lead_id).client_id == ""


def test_conversion_uses_the_client_id_given_when_one_is_passed(agency: Agency) -> None:
    lead_id = lead_in(agency, S.QUALIFIED)
    wanted = uuid4()
    assert convert(agency, lead_id, client_id=wanted) == wanted


def test_conversion_is_refused_and_records_nothing_when_the_account_manager_is_unknown(agency: Agency) -> None:
    lead_id = lead_in(agency, S.QUALIFIED)
    before = agency.head()
    with pytest.raises(NotFound, match="no user with id"):
        agency.clients.convert_lead(agency.as_("admin"), lead_id, NewClient("", uuid4()))
    assert agency.head() == before
