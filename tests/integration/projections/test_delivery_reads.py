"""Reading delivery views on PostgreSQL: each role sees its rows, with counts and pages to match."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from uuid import UUID

import pytest

from baton.container import Container, build
from projections.delivery.client_queries import ClientFilter, get_client, list_clients
from projections.delivery.project_queries import ProjectFilter, get_project, list_projects
from projections.delivery.record_queries import get_document
from projections.delivery.task_queries import TaskFilter, get_task, list_tasks
from projections.scope import Scope
from tests.builders import settings
from tests.builders.delivery import Delivery, record_delivery
from tests.builders.pipeline import catch_up
from tests.unit.delivery.agency import Agency

VIEWS = ["client_directory", "project_portfolio", "project_records", "task_board"]


@dataclass
class World:
    container: Container
    agency: Agency
    made: Delivery

    def scope(self, part: str) -> Scope:
        if part == "client":
            return Scope(user_id=UUID(int=99), role="client", client_id=str(self.made.clients[0]))
        return Scope(user_id=self.agency.ids[part], role="admin" if part == "admin" else "employee")

    def read(self, query: Any, part: str, *args: Any, **kwargs: Any) -> Any:
        with self.container.pool.connection() as conn:
            return query(conn, self.scope(part), *args, **kwargs)


@pytest.fixture(scope="module")
def world(database_url: str) -> Iterator[World]:
    from tests.builders.schemas import fresh_schema

    with fresh_schema(database_url) as schema:
        container = build(settings(database_url, schema))
        try:
            agency = Agency(container.app)
            made = record_delivery(agency, clients=3)
            for view in VIEWS:
                catch_up(container, container.projection(view))
            yield World(container, agency, made)
        finally:
            container.close()


def ids(rows: list[dict[str, Any]]) -> set[UUID]:
    return {r["id"] for r in rows}


def test_projects_are_scoped_to_the_team_or_the_organisation_when_listed(world: World) -> None:
    every = set(world.made.projects)
    assert ids(world.read(list_projects, "admin", ProjectFilter(), limit=200).items) == every
    assert ids(world.read(list_projects, "manager", ProjectFilter(), limit=200).items) == every
    assert ids(world.read(list_projects, "member", ProjectFilter(), limit=200).items) == set(world.made.member_projects)
    assert world.read(list_projects, "outsider", ProjectFilter()).items == []
    theirs = world.read(list_projects, "client", ProjectFilter(), limit=200).items
    assert ids(theirs) == set(world.made.projects[:2])
    assert all(p["internal"] is None for p in theirs)


def test_counts_per_status_cover_what_the_reader_may_see_whatever_the_status_filter(world: World) -> None:
    everything = world.read(list_projects, "admin", ProjectFilter())
    member = world.read(list_projects, "member", ProjectFilter(status=["active"]))
    assert sum(everything.counts.values()) == len(world.made.projects)
    assert sum(member.counts.values()) == len(world.made.member_projects)
    assert all(p["status"] == "active" for p in member.items)
    assert sum(world.read(list_projects, "admin", ProjectFilter(text="project 0")).counts.values()) == 6


def test_every_project_appears_once_when_paged_two_at_a_time(world: World) -> None:
    seen: list[UUID] = []
    cursor = None
    while True:
        page = world.read(list_projects, "admin", ProjectFilter(), sort="name", order="asc", limit=2, cursor=cursor)
        seen += [p["id"] for p in page.items]
        if not (cursor := page.next_cursor):
            break
    assert seen == world.made.projects  # named in the order they were made


def test_a_client_user_sees_production_client_facing_documents_and_no_internals_in_an_overview(world: World) -> None:
    project = world.made.projects[0]
    overview = world.read(get_project, "client", project)
    staff = world.read(get_project, "manager", project)

    assert [(d["environment"], d["version_tag"]) for d in overview["live"]] == [("production", "v1.1")]
    assert {d["environment"] for d in staff["live"]} == {"production", "staging"}
    assert ids(overview["documents"]) == {world.made.client_documents[0]}
    assert ids(staff["documents"]) == {world.made.client_documents[0], world.made.internal_documents[0]}
    assert [m["title"] for m in overview["milestones"]] == ["Designs"]
    assert overview["task_counts"] is None and overview["notes"] is None and overview["internal"] is None
    assert staff["task_counts"] == {"to_do": 1, "in_progress": 1, "in_review": 1, "done": 1}
    assert world.read(get_document, "client", world.made.internal_documents[0]) is None
    assert world.read(get_project, "client", world.made.projects[2]) is None


def test_tasks_are_scoped_to_the_team_and_deleted_ones_hidden_when_listed(world: World) -> None:
    member = world.read(list_tasks, "member", TaskFilter(), limit=200)
    assert {t["project_id"] for t in member.items} == set(world.made.member_projects)
    assert len(member.items) == 4 * len(world.made.member_projects) and all(t["mine"] for t in member.items)
    assert sum(member.counts.values()) == len(member.items)
    assert world.read(list_tasks, "client", TaskFilter()).items == []
    assert world.read(list_tasks, "outsider", TaskFilter()).items == []
    admin = world.read(list_tasks, "admin", TaskFilter(), limit=200)
    assert ids(admin.items) == set(world.made.tasks) and not any(t["mine"] for t in admin.items)
    assert admin.counts == {"to_do": 6, "in_progress": 6, "in_review": 6, "done": 6}
    assert world.read(get_task, "admin", world.made.deleted_tasks[0]) is None


def test_task_filters_narrow_by_status_due_dates_and_mine_when_given(world: World) -> None:
    review = world.read(list_tasks, "admin", TaskFilter(status=["in_review"]), limit=200)
    assert {t["status"] for t in review.items} == {"in_review"} and review.counts["done"] == 6
    from datetime import date

    due = world.read(list_tasks, "admin", TaskFilter(due_from=date(2026, 4, 2), due_to=date(2026, 4, 3)), limit=200)
    assert {t["title"] for t in due.items} == {"Task 1", "Task 2"}
    assert (
        world.read(list_tasks, "colleague", TaskFilter(mine=True, project_id=world.made.member_projects[0])).items == []
    )


def test_clients_are_scoped_to_accounts_and_projects_and_carry_their_checklist_when_read(world: World) -> None:
    every = set(world.made.clients)
    assert ids(world.read(list_clients, "admin", ClientFilter()).items) == every
    assert ids(world.read(list_clients, "manager", ClientFilter()).items) == every
    assert ids(world.read(list_clients, "member", ClientFilter()).items) == every
    assert world.read(list_clients, "outsider", ClientFilter()).items == []
    assert world.read(list_clients, "client", ClientFilter()).items == []
    client = world.read(get_client, "admin", world.made.clients[0])
    done = {s["step"] for s in client["onboarding"] if s["done"]}
    assert done == {"record_created", "primary_contact_set", "project_team_assigned", "kickoff_held", "tasks_created"}
    assert len(client["contacts"]) == 2 and len(client["projects"]) == 2
    assert world.read(list_clients, "admin", ClientFilter()).counts == {"onboarding": 3}
