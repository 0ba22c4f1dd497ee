"""Delivery aggregates load from a snapshot as they were: their state survives the JSON round trip."""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from uuid import UUID

import pytest
from eventsourcing.domain import Snapshot

from domain.clients import Client, NewContact
from domain.projects import Project, ProjectStatus
from domain.tasks import Task, TaskStatus
from tests.unit.delivery.agency import Agency


def reloaded(agency: Agency, cls: type[Any], aggregate_id: UUID) -> Any:
    stored = agency.app.mapper.to_stored_event(Snapshot.take(agency.app.load(cls, aggregate_id)))
    return agency.app.mapper.to_domain_event(stored).mutate(None)


def state(aggregate: Any) -> dict[str, Any]:
    return {k: v for k, v in vars(aggregate).items() if k != "_pending_events"}


def test_client_with_contacts_loads_alike_when_restored_from_a_snapshot(agency: Agency) -> None:
    client_id = agency.client()
    agency.clients.add_contact(agency.as_("admin"), client_id, NewContact("Avery", "avery@stone.example"))
    assert state(reloaded(agency, Client, client_id)) == state(agency.app.load(Client, client_id))


@pytest.mark.parametrize("budget", [Decimal("12.50"), None])
def test_project_loads_alike_when_restored_from_a_snapshot(agency: Agency, budget: Decimal | None) -> None:
    project_id = agency.project(ProjectStatus.ACTIVE, budget_hours=budget)
    agency.projects.add_note(agency.as_("manager"), project_id, "Kickoff", kickoff=True)
    restored = reloaded(agency, Project, project_id)
    assert state(restored) == state(agency.app.load(Project, project_id))
    assert restored.budget_hours == budget and restored.on_team(str(agency.ids["member"]))


def test_task_loads_alike_and_keeps_working_when_restored_from_a_snapshot(agency: Agency) -> None:
    task_id = agency.task(status=TaskStatus.IN_REVIEW)
    agency.tasks.comment(agency.as_("member"), task_id, "Ready")
    restored = reloaded(agency, Task, task_id)
    assert state(restored) == state(agency.app.load(Task, task_id))
    assert restored.status == TaskStatus.IN_REVIEW and restored.comments_count == 1
