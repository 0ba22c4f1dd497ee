"""A handoff's stages: in order, each refused while its data is missing (naming it), each recording who, when and what."""

from __future__ import annotations

from datetime import timedelta

import pytest

from domain.errors import InvalidInput, InvalidTransition, NotPermitted, RuleViolation
from domain.handoff import DataChanges, Handoff, Stage
from domain.handoff.errors import AlreadyExists, HandoffIncomplete
from domain.projects import ProjectStatus
from tests.builders import T0
from tests.unit.handoff.world import FOR_LAUNCH, FOR_TRAINING, World


def test_a_started_handoff_names_the_project_client_and_manager_when_the_manager_starts_it(world: World) -> None:
    handoff = world.handoff()
    assert handoff.stage is Stage.NOT_STARTED
    assert (handoff.project_id, handoff.client_id) == (str(world.project_id), world.client_id)
    assert handoff.manager_id == str(world.agency.ids["manager"])


def test_starting_is_refused_when_the_project_has_a_handoff_already(world: World) -> None:
    with pytest.raises(AlreadyExists):
        world.handoffs.start(world.as_("admin"), world.project_id)


def test_starting_is_refused_when_someone_else_than_an_admin_or_the_manager_asks(world: World) -> None:
    other = world.agency.project(ProjectStatus.ACTIVE)
    with pytest.raises(NotPermitted):
        world.handoffs.start(world.as_("member"), other)


def test_starting_is_refused_when_the_project_was_cancelled(world: World) -> None:
    cancelled = world.agency.project(ProjectStatus.CANCELLED)
    with pytest.raises(RuleViolation, match="cancelled"):
        world.handoffs.start(world.as_("admin"), cancelled)


def test_client_trained_is_refused_naming_the_authorised_contacts_when_there_are_none(world: World) -> None:
    with pytest.raises(HandoffIncomplete) as refused:
        world.handoffs.advance(world.as_("manager"), world.project_id, Stage.CLIENT_TRAINED)
    assert refused.value.missing == ["authorised contacts (the introduction is sent to them)"]
    assert world.handoff().stage is Stage.NOT_STARTED


def test_client_trained_records_who_when_and_the_data_as_it_was_when_the_contacts_are_in(world: World) -> None:
    world.fill(FOR_TRAINING)
    world.handoffs.advance(world.as_("manager", 5), world.project_id, Stage.CLIENT_TRAINED)
    world.fill(DataChanges(region="Oregon"), 6)
    handoff = world.handoff()
    trained = [e for e in world.agency.events_since(0) if isinstance(e, Handoff.ClientTrained)][0]
    assert handoff.stage is Stage.CLIENT_TRAINED
    assert trained.timestamp == T0 + timedelta(minutes=5)
    assert trained.actor_id == str(world.agency.ids["manager"])
    assert trained.data["authorised_contacts"][0]["email"] == "alex@client.example"
    assert trained.data["region"] == ""  # as it was then, not as it is now
    assert handoff.data["region"] == "Oregon"
    assert handoff.stages["client_trained"]["by"] == str(world.agency.ids["manager"])


def test_launched_is_refused_listing_exactly_what_is_missing_when_the_launch_data_is_blank(world: World) -> None:
    world.to_stage(Stage.CLIENT_TRAINED)
    world.fill(DataChanges(live_url="https://www.client.example", hosted_by="client"))
    with pytest.raises(HandoffIncomplete) as refused:
        world.handoffs.advance(world.as_("manager"), world.project_id, Stage.LAUNCHED)
    assert refused.value.missing == ["launch date", "whether hosting is managed", "technical contacts"]
    assert "launch date, whether hosting is managed, technical contacts missing" in refused.value.detail


def test_launched_is_refused_when_the_launch_date_is_still_to_come(world: World) -> None:
    world.to_stage(Stage.CLIENT_TRAINED)
    world.fill(FOR_LAUNCH)
    world.fill(DataChanges(launch_date=T0.date() + timedelta(days=1)))
    with pytest.raises(InvalidInput, match="still to come"):
        world.handoffs.advance(world.as_("manager"), world.project_id, Stage.LAUNCHED)


def test_stages_are_refused_out_of_order_when_training_was_skipped(world: World) -> None:
    world.fill(FOR_TRAINING)
    world.fill(FOR_LAUNCH)
    with pytest.raises(InvalidTransition, match="moves to 'client_trained'"):
        world.handoffs.advance(world.as_("manager"), world.project_id, Stage.LAUNCHED)


def test_moving_a_stage_is_refused_when_a_team_member_who_does_not_run_the_project_asks(world: World) -> None:
    world.fill(FOR_TRAINING)
    with pytest.raises(NotPermitted):
        world.handoffs.advance(world.as_("member"), world.project_id, Stage.CLIENT_TRAINED)
    world.handoffs.advance(world.as_("admin"), world.project_id, Stage.CLIENT_TRAINED)
    assert world.handoff().stage is Stage.CLIENT_TRAINED


def test_handing_off_is_refused_listing_the_missing_data_when_only_the_launch_data_is_in(world: World) -> None:
    world.to_stage(Stage.LAUNCHED)
    with pytest.raises(HandoffIncomplete) as refused:
        world.handoffs.hand_off(world.as_("manager"), world.project_id, world.evidence())
    assert refused.value.missing == [
        "the support contract",
        "the support lead",
        "where the credentials are kept",
        "handover documentation: basic project information",
        "handover documentation: the most important URLs",
    ]


def test_cancelling_needs_a_reason_and_freezes_the_handoff_when_done(world: World) -> None:
    with pytest.raises(InvalidInput, match="reason"):
        world.handoffs.cancel(world.as_("manager"), world.project_id, " ")
    world.handoffs.cancel(world.as_("manager"), world.project_id, "The client chose to keep the site in-house")
    assert world.handoff().stage is Stage.CANCELLED
    with pytest.raises(RuleViolation, match="cancelled"):
        world.fill(DataChanges(region="Utah"))
    with pytest.raises(InvalidTransition, match="cancelled"):
        world.handoffs.advance(world.as_("manager"), world.project_id, Stage.CLIENT_TRAINED)


def test_a_handed_off_handoff_cannot_be_cancelled_when_it_is_final(world: World) -> None:
    world.to_stage(Stage.LAUNCHED)
    world.for_handoff()
    world.handoffs.hand_off(world.as_("admin"), world.project_id, world.evidence(), override_reason="Closing test")
    with pytest.raises(InvalidTransition, match="handed_off"):
        world.handoffs.cancel(world.as_("admin"), world.project_id, "Too late")


def test_an_older_version_of_the_handoff_reads_as_it_was_when_asked_by_version(world: World) -> None:
    world.to_stage(Stage.CLIENT_TRAINED)
    assert world.handoffs.get(world.project_id, version=1).stage is Stage.NOT_STARTED
