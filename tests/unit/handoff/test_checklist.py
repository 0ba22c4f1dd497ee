"""Person ticks with who and when; handed_off refused while items are open, listing them; an admin's override."""

from __future__ import annotations

import pytest

from domain.errors import InvalidInput, NotPermitted, RuleViolation
from domain.handoff import Handoff, Item, Stage
from domain.handoff.checklist import PERSON_ITEMS, SPEC
from domain.handoff.errors import ChecklistOpen
from tests.unit.handoff.world import World


@pytest.fixture
def launched(world: World) -> World:
    world.to_stage(Stage.LAUNCHED)
    world.for_handoff()
    return world


def handed_off_event(world: World) -> Handoff.HandedOff:
    return next(e for e in world.agency.events_since(0) if isinstance(e, Handoff.HandedOff))


def test_a_tick_records_who_when_and_the_note_when_a_staff_member_ticks_an_item(world: World) -> None:
    world.handoffs.tick(world.as_("lead", 7), world.project_id, Item.TECHNICAL_HANDOVER, "Walked through the stack")
    tick = world.handoff().ticks["technical_handover"]
    assert (tick["by"], tick["role"], tick["at"], tick["note"]) == (
        str(world.agency.ids["lead"]),
        "employee",
        "2026-03-02T09:07:00+00:00",
        "Walked through the stack",
    )


def test_ticking_is_refused_when_the_item_is_one_events_prove(world: World) -> None:
    with pytest.raises(RuleViolation, match="records that prove it"):
        world.handoffs.tick(world.as_("manager"), world.project_id, Item.PRODUCTION_DEPLOYMENT)


def test_ticking_again_is_refused_naming_who_ticked_it_when_it_is_ticked_already(world: World) -> None:
    world.handoffs.tick(world.as_("lead"), world.project_id, Item.ADMIN_ACCESS_GRANTED)
    with pytest.raises(RuleViolation, match=str(world.agency.ids["lead"])):
        world.handoffs.tick(world.as_("manager"), world.project_id, Item.ADMIN_ACCESS_GRANTED)


def test_unticking_needs_a_reason_and_reopens_the_item_when_given(world: World) -> None:
    world.handoffs.tick(world.as_("lead"), world.project_id, Item.ADMIN_ACCESS_GRANTED)
    with pytest.raises(InvalidInput, match="reason"):
        world.handoffs.untick(world.as_("lead"), world.project_id, Item.ADMIN_ACCESS_GRANTED, "")
    world.handoffs.untick(world.as_("lead"), world.project_id, Item.ADMIN_ACCESS_GRANTED, "Access was revoked")
    assert "admin_access_granted" not in world.handoff().ticks
    with pytest.raises(RuleViolation, match="not ticked"):
        world.handoffs.untick(world.as_("lead"), world.project_id, Item.ADMIN_ACCESS_GRANTED, "again")


def test_ticking_is_refused_when_a_client_user_or_an_unknown_item_is_given(world: World) -> None:
    with pytest.raises(NotPermitted):
        world.handoffs.tick(world.as_("client"), world.project_id, Item.ADMIN_ACCESS_GRANTED)
    with pytest.raises(InvalidInput, match="not a checklist item"):
        world.handoffs.tick(world.as_("lead"), world.project_id, "coffee")  # type: ignore[arg-type]


def test_handing_off_is_refused_listing_every_open_item_when_nothing_is_done(launched: World) -> None:
    world = launched
    world.handoffs.tick(world.as_("lead"), world.project_id, Item.TECHNICAL_HANDOVER)
    with pytest.raises(ChecklistOpen) as refused:
        world.handoffs.hand_off(world.as_("manager"), world.project_id, world.evidence())
    expected = [SPEC[i].label for i in Item if i is not Item.TECHNICAL_HANDOVER]
    assert refused.value.open_items == expected
    assert world.handoff().stage is Stage.LAUNCHED


def test_handing_off_is_refused_naming_the_one_open_item_when_the_rest_is_done(launched: World) -> None:
    world = launched
    world.prove_everything()
    for item in PERSON_ITEMS:
        if item is not Item.RETROSPECTIVE_SCHEDULED:
            world.handoffs.tick(world.as_("lead"), world.project_id, item)
    with pytest.raises(ChecklistOpen) as refused:
        world.handoffs.hand_off(world.as_("manager"), world.project_id, world.evidence())
    assert refused.value.open_items == ["internal retrospective scheduled"]


def test_handing_off_records_the_checklist_as_it_stood_when_everything_is_done(launched: World) -> None:
    world = launched
    world.prove_everything()
    world.tick_everything()
    world.handoffs.hand_off(world.as_("manager", 30), world.project_id, world.evidence())
    handed = handed_off_event(world)
    assert world.handoff().stage is Stage.HANDED_OFF
    assert all(row["ticked"] for row in handed.checklist)
    rows = {row["item"]: row for row in handed.checklist}
    assert rows["production_deployment"]["topic"] == "baton.project.DeploymentRecorded"
    assert rows["retrospective_scheduled"]["by"] == str(world.agency.ids["lead"])
    assert (handed.override_reason, handed.overridden) == ("", [])
    assert handed.contract["support_hours_per_month"] == "10"


def test_an_admin_overrides_open_items_with_a_reason_recorded_when_handing_off(launched: World) -> None:
    world = launched
    world.tick_everything()
    world.handoffs.hand_off(
        world.as_("admin"), world.project_id, world.evidence(), override_reason="Invoice goes out next week"
    )
    handed = handed_off_event(world)
    assert handed.override_reason == "Invoice goes out next week"
    assert handed.overridden == [
        "all_tasks_done",
        "production_deployment",
        "final_documents_uploaded",
        "final_invoice_sent",
        "signed_contract_on_file",
        "project_completed",
    ]


def test_an_override_is_refused_when_the_project_manager_asks_for_it(launched: World) -> None:
    world = launched
    with pytest.raises(NotPermitted, match="admin"):
        world.handoffs.hand_off(world.as_("manager"), world.project_id, world.evidence(), override_reason="Trust me")


def test_handing_off_is_refused_when_the_evidence_is_another_projects(launched: World) -> None:
    world = launched
    from domain.handoff import Evidence

    with pytest.raises(InvalidInput, match="another project"):
        world.handoffs.hand_off(world.as_("admin"), world.project_id, Evidence("other"), override_reason="x")


def test_ticking_is_refused_when_the_project_is_handed_off(launched: World) -> None:
    world = launched
    world.handoffs.hand_off(world.as_("admin"), world.project_id, world.evidence(), override_reason="Test")
    with pytest.raises(RuleViolation, match="checklist is closed"):
        world.handoffs.tick(world.as_("lead"), world.project_id, Item.RETROSPECTIVE_SCHEDULED)
