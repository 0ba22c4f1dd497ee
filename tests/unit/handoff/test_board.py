"""The handoff board folded without PostgreSQL: the handoff's row, its project's evidence, the tickets per side."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any
from uuid import UUID

from domain.handoff import DataChanges, Item, Stage
from domain.handoff.ids import handoff_id
from domain.tasks import TaskStatus
from domain.tickets.ownership import Side
from projections.engine import MemoryWriter, replay
from projections.handoff import HandoffBoard
from projections.handoff.shape import board_item, contacts_for, evidence_of
from tests.builders import T0
from tests.unit.handoff.rig import Rig
from tests.unit.handoff.world import World
from tests.unit.projections.log import events_of


def fold(world: World, *, batch: int = 1, writer: MemoryWriter | None = None) -> MemoryWriter:
    return replay(HandoffBoard(), events_of(world.app), writer, batch=batch)


def rows_of(view: MemoryWriter, table: str) -> dict[str, dict[str, Any]]:
    return {str(r["id"]): r for r in view.rows(table)}


def item(world: World, view: MemoryWriter, *, detail: bool = False) -> dict[str, Any]:
    row = rows_of(view, "handoff_board")[str(handoff_id(world.project_id))]
    project = rows_of(view, "handoff_projects").get(str(world.project_id))
    sides = {r["side"]: r["rows"] for r in view.rows("handoff_ticket_sides") if r["client_id"] == world.client_id}
    return board_item(row, project, sides, today=T0.date(), detail=detail)


def test_a_new_handoff_shows_what_training_needs_and_every_item_open_when_just_started(world: World) -> None:
    world.fill(DataChanges(target_launch_date=T0.date() + timedelta(days=40)))
    shown = item(world, fold(world))
    assert (shown["stage"], shown["next_stage"], shown["days_to_launch"]) == ("not_started", "client_trained", 40)
    assert shown["missing"] == [
        {"field": "authorised_contacts", "label": "authorised contacts (the introduction is sent to them)"}
    ]
    assert len(shown["open_items"]) == len(Item)


def test_the_board_follows_stages_data_and_ticks_when_the_handoff_moves_on(world: World) -> None:
    world.to_stage(Stage.LAUNCHED)
    world.handoffs.tick(world.as_("lead", 9), world.project_id, Item.TECHNICAL_HANDOVER, "Done with the lead dev")
    shown = item(world, fold(world), detail=True)
    assert (shown["stage"], shown["next_stage"]) == ("launched", "handed_off")
    assert shown["stages"]["launched"]["by"] == str(world.agency.ids["manager"])
    assert shown["data"]["live_url"] == "https://www.client.example"
    assert [m["field"] for m in shown["missing"]] == [
        "contract", "support_lead_id", "credentials_location", "documentation.basic_info", "documentation.important_urls",
    ]  # fmt: skip
    ticked = {r["item"]: r for r in shown["checklist"] if r["ticked"]}
    assert ticked["technical_handover"]["note"] == "Done with the lead dev"
    assert "technical_handover" not in shown["open_items"]


def test_the_views_evidence_equals_the_domains_fold_when_records_prove_and_unprove_items(world: World) -> None:
    world.prove_everything()
    view = fold(world)
    assert (
        evidence_of(rows_of(view, "handoff_projects")[str(world.project_id)], str(world.project_id)) == world.evidence()
    )


def test_a_new_task_unticks_all_tasks_done_on_the_board_when_added_after_the_rest_were_done(world: World) -> None:
    world.agency.task(world.project_id, TaskStatus.DONE)
    assert "all_tasks_done" not in item(world, fold(world))["open_items"]
    world.agency.task(world.project_id, TaskStatus.IN_PROGRESS)
    assert "all_tasks_done" in item(world, fold(world))["open_items"]


def test_the_board_is_the_same_when_folded_in_any_batching_or_twice(world: World) -> None:
    world.to_stage(Stage.LAUNCHED)
    world.for_handoff()
    world.prove_everything()
    world.tick_everything()
    one, few, whole = fold(world), fold(world, batch=3), fold(world, batch=10_000)
    twice = fold(world, batch=7, writer=fold(world))
    for table in HandoffBoard.tables:
        assert one.rows(table.name) == few.rows(table.name) == whole.rows(table.name) == twice.rows(table.name)
    assert item(world, one)["open_items"] == []


def test_tickets_are_counted_on_the_side_they_are_with_when_routed_claimed_and_handed_across(world: World) -> None:
    rig = Rig(world)
    world.to_stage(Stage.CLIENT_TRAINED)
    bug = rig.ticket("Broken form", "error", minutes=10)
    rig.ticket("Question", "How do I upload an image?", minutes=11)
    rig.run()
    assert item(world, fold(world))["tickets"] == {"project_manager": 1, "support": 1}
    rig.owners.hand_across(world.as_("manager", 12), bug, Side.SUPPORT, "It is how-to after all")
    view = fold(world)
    assert item(world, view)["tickets"] == {"project_manager": 0, "support": 2}
    rig.owners.claim(world.as_("lead", 13), bug, Side.SUPPORT)
    tickets = {r["ticket_id"]: r for r in fold(world).rows("handoff_tickets")}
    assert (tickets[str(bug)]["owner_id"], tickets[str(bug)]["side"]) == (str(world.agency.ids["lead"]), "support")


def test_the_client_sees_their_pm_for_project_topics_and_support_for_the_rest_when_trained() -> None:
    contacts = contacts_for(
        Stage.CLIENT_TRAINED, {"name": "Pat", "email": "pat@a.example"}, {"name": "Support", "email": "s@a.example"}
    )
    by_topic = {c["topic"]: (c["contact"], c["email"]) for c in contacts}
    assert by_topic["bug_reports"] == ("project_manager", "pat@a.example")
    assert by_topic["how_to"] == ("support", "s@a.example")
    after = contacts_for(Stage.HANDED_OFF, {"name": "Pat", "email": "p"}, {"name": "Support", "email": "s"})
    assert {c["contact"] for c in after} == {"support"}


def test_the_link_rows_name_each_project_a_record_proves_for_when_an_invoice_is_named(world: World) -> None:
    invoice = world.invoice(sent=False)
    world.handoffs.name_final_invoice(world.as_("manager"), world.project_id, invoice)
    links = rows_of(fold(world), "handoff_links")
    assert json.loads(links[str(invoice)]["projects"]) == [str(world.project_id)]
    assert UUID(str(world.project_id))
