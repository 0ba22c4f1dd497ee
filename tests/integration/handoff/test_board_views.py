"""The handoff board on PostgreSQL: equal to its rebuild and to the in-memory fold; its reads scoped as promised."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from uuid import UUID

import pytest
from psycopg.rows import dict_row
from rich.console import Console

from baton.container import Container, build
from baton.rebuild import rebuild
from domain.handoff import Stage
from projections.engine import replay
from projections.engine.table import Counts
from projections.handoff import queries
from projections.scope import Scope
from tests.builders import T0, settings
from tests.builders.pipeline import catch_up
from tests.integration.billing.views import logged_events
from tests.unit.handoff.rig import Rig
from tests.unit.handoff.world import World

VIEW = "handoff_board"


@pytest.fixture
def container(database_url: str, schema: str) -> Iterator[Container]:
    c = build(settings(database_url, schema, projection_batch_size=13))
    yield c
    c.close()


def handed_off_world(container: Container) -> World:
    """A project walked to handed_off with every item proven or ticked, and two routed tickets."""
    world = World(container.app)
    rig = Rig(world)
    world.to_stage(Stage.CLIENT_TRAINED)
    rig.ticket("The contact form is broken", "error", minutes=10)
    rig.ticket("Question", "How do I upload an image?", minutes=11)
    rig.run()
    world.to_stage(Stage.LAUNCHED)
    world.for_handoff()
    world.prove_everything()
    world.tick_everything()
    world.handoffs.hand_off(world.as_("manager", 30), world.project_id, world.evidence())
    return world


def rows(container: Container) -> dict[str, list[dict[str, Any]]]:
    found = {}
    projection = container.projection(VIEW)
    with container.pool.connection() as conn, conn.cursor(row_factory=dict_row) as cur:
        for table in projection.tables:
            stored = cur.execute(f"SELECT * FROM {table.name}").fetchall()  # noqa: S608 - our own table names
            if isinstance(table, Counts):
                stored = [r for r in stored if r[table.counter]]
            found[table.name] = sorted(stored, key=lambda r, t=table: repr(tuple(r[k] for k in t.key)))
    return found


def test_the_board_equals_its_rebuild_and_the_in_memory_fold_when_a_handoff_is_walked(container: Container) -> None:
    handed_off_world(container)
    projection = container.projection(VIEW)
    catch_up(container, projection)
    before = rows(container)
    assert all(before.values()), "every table has rows to compare"
    memory = replay(projection, logged_events(container), batch=13)
    for table in projection.tables:
        found = sorted(memory.rows(table.name), key=lambda r, t=table: repr(tuple(r[k] for k in t.key)))
        assert found == before[table.name], table.name
    assert rebuild(container, VIEW, Console(record=True, width=120))
    assert rows(container) == before


def test_reads_give_the_board_the_evidence_and_a_clients_contacts_when_scoped(container: Container) -> None:
    world = handed_off_world(container)
    for view in (VIEW, "user_directory"):  # a client's contacts name the PM from the user directory
        catch_up(container, container.projection(view))
    staff = Scope(user_id=UUID(int=1), role="employee")
    client = Scope(user_id=UUID(int=2), role="client", client_id=world.client_id)
    with container.pool.connection() as conn:
        page = queries.board(conn, staff, today=T0.date())
        detail = queries.handoff(conn, staff, str(world.project_id), today=T0.date())
        assert [i["stage"] for i in page.items] == ["handed_off"]
        assert (
            detail is not None
            and detail["open_items"] == []
            and detail["tickets"]
            == {
                "project_manager": 1,
                "support": 1,
            }
        )
        assert queries.evidence(conn, str(world.project_id)) == world.evidence()
        assert queries.projects_of_client(conn, world.client_id) == [str(world.project_id)]
        assert queries.board(conn, client, today=T0.date()).items == []
        assert queries.handoff(conn, client, str(world.project_id), today=T0.date()) is None
        [mine] = queries.client_contacts(conn, client, support={"name": "Support", "email": "s@a.example"})
        assert {c["contact"] for c in mine["contacts"]} == {"support"}
        assert queries.client_contacts(conn, staff, support={}) == []
