"""The handoff's data: blanks allowed, only changes recorded, checked values, and never a credential."""

from __future__ import annotations

import pytest

from domain.errors import InvalidInput, NotPermitted
from domain.handoff import DataChanges, Handoff, OutstandingItem, Person, Section
from tests.unit.handoff.world import World


def data_events(world: World) -> list[Handoff.DataChanged]:
    return [e for e in world.agency.events_since(0) if isinstance(e, Handoff.DataChanged)]


def test_a_change_records_only_the_fields_that_differ_when_some_are_given_again(world: World) -> None:
    world.fill(DataChanges(region="Oregon", dev_url="https://dev.client.example"))
    world.fill(DataChanges(region="Oregon", dev_site_path="/srv/client-dev"))
    assert [e.changes for e in data_events(world)] == [
        {"region": "Oregon", "dev_url": "https://dev.client.example"},
        {"dev_site_path": "/srv/client-dev"},
    ]


def test_nothing_is_recorded_when_a_change_changes_nothing(world: World) -> None:
    world.fill(DataChanges(region="Oregon"))
    version = world.handoff().version
    world.fill(DataChanges(region=" Oregon "))
    assert world.handoff().version == version


def test_dates_and_choices_are_blanked_when_named_in_clear(world: World) -> None:
    world.fill(DataChanges(hosted_by="client", managed_hosting=False))
    world.fill(DataChanges(clear=frozenset({"hosted_by", "managed_hosting"})))
    assert world.handoff().details.hosted_by == ""
    assert world.handoff().details.managed_hosting is None


def test_the_documentation_keeps_other_sections_when_one_section_changes(world: World) -> None:
    world.fill(DataChanges(documentation={Section.BASIC_INFO: "A city site", Section.SPECIAL_APIS: "Events feed"}))
    world.fill(DataChanges(documentation={Section.SPECIAL_APIS: "Events feed v2"}))
    sections = world.handoff().details.documentation
    assert (sections["basic_info"], sections["special_apis"], sections["anything_else"]) == (
        "A city site",
        "Events feed v2",
        "",
    )


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (DataChanges(credentials_location="admin password: Hunter42!"), "credential"),
        (DataChanges(dev_url="https://admin:s3cret@dev.client.example"), "password in it"),
        (DataChanges(documentation={Section.ANYTHING_ELSE: "-----BEGIN RSA PRIVATE KEY-----\nMII"}), "private key"),
        (
            DataChanges(documentation={Section.SPECIAL_APIS: "Stripe key sk_live_4eC39HqLyjWDarjtT1zdp7dc"}),
            "secret key",
        ),
        (DataChanges(technical_contacts=(Person("Jo", "jo@client.example", "token=abc123xyz"),)), "credential"),
        (DataChanges(pm_outstanding=(OutstandingItem("API key: AKIAIOSFODNN7EXAMPLE"),)), "credential"),
    ],
)
def test_a_value_is_refused_when_it_looks_like_a_credential(world: World, changes: DataChanges, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        world.fill(changes)
    assert data_events(world) == []


def test_where_the_credentials_are_kept_is_accepted_when_it_only_names_the_place(world: World) -> None:
    world.fill(DataChanges(credentials_location="Password: in the vault, entry 'Client site'"))
    assert world.handoff().details.credentials_location == "Password: in the vault, entry 'Client site'"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (DataChanges(live_url="www.client.example"), "http"),
        (DataChanges(hosted_by="elsewhere"), "host"),  # type: ignore[arg-type]
        (DataChanges(authorised_contacts=(Person("Alex", ""),)), "needs an email"),
        (DataChanges(authorised_contacts=(Person("", "a@b.example"),)), "needs a name"),
        (DataChanges(authorised_contacts=(Person("Alex", "not-an-address"),)), "not a valid email"),
        # Phone numbers follow the one rule leads, users and client contacts follow.
        (DataChanges(authorised_contacts=(Person("Alex", "a@b.example", "call me maybe"),)), "not a phone number"),
        (DataChanges(pm_outstanding=(OutstandingItem(" "),)), "description"),
        (DataChanges(documentation={"history": "x"}), "documentation section"),  # type: ignore[dict-item]
        (DataChanges(clear=frozenset({"colour"})), "Unknown"),
        (DataChanges(support_lead_id="not-a-user"), "not the id"),
    ],
)
def test_a_value_is_refused_when_it_is_not_what_the_field_takes(
    world: World, changes: DataChanges, message: str
) -> None:
    with pytest.raises(InvalidInput, match=message):
        world.fill(changes)


def test_the_support_lead_is_refused_when_they_are_not_an_active_staff_member(world: World) -> None:
    invited_only = str(world.agency.ids["colleague"])  # invited, never signed in
    with pytest.raises(InvalidInput, match="active staff"):
        world.fill(DataChanges(support_lead_id=invited_only))


def test_the_support_lead_may_change_the_data_when_named_and_others_outside_the_project_may_not(world: World) -> None:
    with pytest.raises(NotPermitted):
        world.handoffs.change_data(world.as_("lead"), world.project_id, DataChanges(region="Utah"))
    world.fill(DataChanges(support_lead_id=str(world.agency.ids["lead"])))
    world.handoffs.change_data(world.as_("lead"), world.project_id, DataChanges(region="Utah"))
    assert world.handoff().details.region == "Utah"
    with pytest.raises(NotPermitted):
        world.handoffs.change_data(world.as_("outsider"), world.project_id, DataChanges(region="Ohio"))


def test_outstanding_items_keep_their_keywords_lower_cased_and_once_when_recorded(world: World) -> None:
    world.fill(
        DataChanges(pm_outstanding=(OutstandingItem("Events calendar import", ("Calendar", "calendar", "ICS")),))
    )
    assert world.handoff().details.pm_outstanding == (OutstandingItem("Events calendar import", ("calendar", "ics")),)
