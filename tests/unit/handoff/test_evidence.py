"""The items other records prove: ticked by the event that made them true, unticked when that stops being true."""

from __future__ import annotations

import json
from datetime import timedelta
from uuid import uuid4

from domain.handoff import Item, ProjectEvidence, evidence
from domain.projects import NewDeployment, NewDocument, ProjectStatus, Visibility
from domain.projects.deployment import Environment
from domain.tasks import Task, TaskStatus
from tests.builders import T0
from tests.unit.handoff.world import World


def proven(world: World) -> list[Item]:
    found = world.evidence()
    return [item for item in Item if found.proof(item) is not None]


def document(world: World, visibility: Visibility) -> object:
    new = NewDocument(world.project_id, "Handbook.pdf", "application/pdf", 10, "b" * 64, visibility)
    return world.agency.documents.upload(world.as_("manager"), new).id


def test_nothing_is_proven_when_the_project_has_no_proving_records(world: World) -> None:
    assert proven(world) == []
    assert world.evidence().open_items == [
        Item.ALL_TASKS_DONE,
        Item.PRODUCTION_DEPLOYMENT,
        Item.FINAL_DOCUMENTS_UPLOADED,
        Item.FINAL_INVOICE_SENT,
        Item.SIGNED_CONTRACT_ON_FILE,
        Item.PROJECT_COMPLETED,
    ]


def test_all_tasks_done_is_ticked_by_the_last_acceptance_when_every_task_is_done(world: World) -> None:
    world.agency.task(world.project_id, TaskStatus.DONE)
    last = world.agency.task(world.project_id, TaskStatus.DONE)
    proof = world.evidence().proof(Item.ALL_TASKS_DONE)
    assert proof is not None
    assert (proof.topic, proof.record_id, proof.actor_id) == (
        "baton.task.StatusChanged",
        str(last),
        str(world.agency.ids["manager"]),
    )


def test_all_tasks_done_is_unticked_when_a_new_task_is_added_and_ticked_again_when_it_is_deleted(world: World) -> None:
    world.agency.task(world.project_id, TaskStatus.DONE)
    late = world.agency.task(world.project_id, TaskStatus.IN_REVIEW)
    assert Item.ALL_TASKS_DONE not in proven(world)
    world.agency.tasks.delete(world.as_("manager"), late, reason="Out of scope")
    assert Item.ALL_TASKS_DONE in proven(world)


def test_all_tasks_done_is_unticked_when_a_done_task_is_reopened(world: World) -> None:
    task_id = world.agency.task(world.project_id, TaskStatus.DONE)
    fold = ProjectEvidence(str(world.project_id))
    for event in world.agency.events_since(0):
        fold.apply(event)
    assert fold.evidence().proof(Item.ALL_TASKS_DONE) is not None
    # The event reopening a done task records (done -> in_progress), as the fold receives it.
    reopened = Task.StatusChanged(  # type: ignore[call-arg]
        originator_id=task_id,
        originator_version=99,
        timestamp=T0 + timedelta(hours=1),
        actor_id="someone",
        actor_role="employee",
        correlation_id="c",
        causation_id="",
        from_status="done",
        to_status="in_progress",
    )
    fold.apply(reopened)
    assert fold.evidence().proof(Item.ALL_TASKS_DONE) is None


def test_a_production_deployment_is_proof_when_recorded_and_a_staging_one_is_not(world: World) -> None:
    deploy = world.agency.deployments.record
    deploy(world.as_("member"), NewDeployment(world.project_id, Environment.STAGING, "https://stage.example", "v0.9"))
    assert Item.PRODUCTION_DEPLOYMENT not in proven(world)
    deploy(world.as_("member"), NewDeployment(world.project_id, Environment.PRODUCTION, "https://www.example", "v1"))
    assert Item.PRODUCTION_DEPLOYMENT in proven(world)


def test_final_documents_are_unticked_when_the_only_client_facing_one_is_made_internal_or_deleted(world: World) -> None:
    document(world, Visibility.INTERNAL)
    assert Item.FINAL_DOCUMENTS_UPLOADED not in proven(world)
    shared = document(world, Visibility.CLIENT)
    assert Item.FINAL_DOCUMENTS_UPLOADED in proven(world)
    world.agency.documents.change_visibility(world.as_("manager"), shared, Visibility.INTERNAL)  # type: ignore[arg-type]
    assert Item.FINAL_DOCUMENTS_UPLOADED not in proven(world)
    world.agency.documents.change_visibility(world.as_("manager"), shared, Visibility.CLIENT)  # type: ignore[arg-type]
    assert Item.FINAL_DOCUMENTS_UPLOADED in proven(world)
    world.agency.documents.delete(world.as_("manager"), shared, reason="Wrong file")  # type: ignore[arg-type]
    assert Item.FINAL_DOCUMENTS_UPLOADED not in proven(world)


def test_the_final_invoice_is_proven_when_the_named_draft_is_sent_and_unproven_when_voided(world: World) -> None:
    from domain.billing.invoice_commands import InvoiceCommands

    invoice_id = world.invoice(sent=False)
    world.handoffs.name_final_invoice(world.as_("manager"), world.project_id, invoice_id)
    assert Item.FINAL_INVOICE_SENT not in proven(world)
    world.invoice(sent=True)  # another invoice sent: not the one named
    assert Item.FINAL_INVOICE_SENT not in proven(world)
    invoices = InvoiceCommands(world.app)
    invoices.send(world.as_("admin"), invoice_id)
    assert world.evidence().proof(Item.FINAL_INVOICE_SENT).topic == "baton.invoice.Sent"  # type: ignore[union-attr]
    invoices.void(world.as_("admin"), invoice_id, "Issued in error")
    assert Item.FINAL_INVOICE_SENT not in proven(world)


def test_the_final_invoice_is_proven_by_the_naming_when_it_was_sent_before(world: World) -> None:
    world.handoffs.name_final_invoice(world.as_("manager"), world.project_id, world.invoice(sent=True))
    assert world.evidence().proof(Item.FINAL_INVOICE_SENT).topic == "baton.handoff.FinalInvoiceNamed"  # type: ignore[union-attr]


def test_the_signed_contract_is_proven_when_the_attached_contract_is_accepted(world: World) -> None:
    contract_id = world.contract(accepted=False)
    world.handoffs.attach_contract(world.as_("manager"), world.project_id, contract_id)
    assert Item.SIGNED_CONTRACT_ON_FILE not in proven(world)
    world.accept(contract_id)
    assert world.evidence().proof(Item.SIGNED_CONTRACT_ON_FILE).topic == "baton.contract.Accepted"  # type: ignore[union-attr]
    world.handoffs.attach_contract(world.as_("manager"), world.project_id, world.contract(accepted=False))
    assert Item.SIGNED_CONTRACT_ON_FILE not in proven(world)  # another contract attached, not yet signed


def test_project_completed_is_proven_when_the_project_is_completed(world: World) -> None:
    for step in (ProjectStatus.IN_REVIEW, ProjectStatus.COMPLETED):
        world.agency.projects.change_status(world.as_("manager"), world.project_id, step, reason="Signed off")
    assert Item.PROJECT_COMPLETED in proven(world)


def test_another_projects_records_prove_nothing_when_folded_for_this_one(world: World) -> None:
    other = world.agency.project(ProjectStatus.ACTIVE)
    world.agency.task(other, TaskStatus.DONE)
    world.agency.deployments.record(
        world.as_("member"), NewDeployment(other, Environment.PRODUCTION, "https://other.example", "v1")
    )
    assert proven(world) == []
    assert evidence(str(other), world.agency.events_since(0)).proof(Item.PRODUCTION_DEPLOYMENT) is not None


def test_the_fold_gives_the_same_evidence_when_resumed_from_its_stored_state(world: World) -> None:
    world.prove_everything()
    events = world.agency.events_since(0)
    half = len(events) // 2
    first = ProjectEvidence(str(world.project_id))
    for event in events[:half]:
        first.apply(event)
    # Through JSON, as the handoff board keeps it in its row between batches.
    resumed = ProjectEvidence.of(json.loads(json.dumps(first.as_record())))
    assert resumed == first
    for event in events[half:]:
        resumed.apply(event)
    assert resumed.evidence() == world.evidence()
    assert resumed.evidence().open_items == []
    assert ProjectEvidence.of(json.loads(json.dumps(resumed.as_record()))) == resumed


def test_an_unknown_record_changes_nothing_when_folded(world: World) -> None:
    fold = ProjectEvidence(str(uuid4()))
    for event in world.agency.events_since(0):
        fold.apply(event)
    assert fold.as_record()["proofs"] == {}
