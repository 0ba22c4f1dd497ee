"""Delivery views on PostgreSQL: a rebuild from position 0 gives the same rows, and so does the in-memory fake."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from psycopg.rows import dict_row
from rich.console import Console

from baton.container import Container, build
from baton.rebuild import rebuild
from projections.engine import LogEvent, replay
from tests.builders import settings
from tests.builders.delivery import record_delivery
from tests.builders.pipeline import catch_up
from tests.unit.delivery.agency import Agency

VIEWS = ["client_directory", "project_portfolio", "project_records", "task_board"]


@pytest.fixture
def container(database_url: str, schema: str) -> Iterator[Container]:
    c = build(settings(database_url, schema, projection_batch_size=13))
    yield c
    c.close()


def rows_of(container: Container, table: str) -> list[dict[str, Any]]:
    with container.pool.connection() as conn, conn.cursor(row_factory=dict_row) as cur:
        return cur.execute(f"SELECT * FROM {table}").fetchall()


def ordered(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(rows, key=lambda r: repr(sorted(r.items())))


def logged_events(container: Container) -> list[LogEvent]:
    notifications = container.app.recorder.select_notifications(start=1, limit=100_000)
    return [(n.id, n.topic, container.app.mapper.to_domain_event(n)) for n in notifications]


@pytest.mark.parametrize("view", VIEWS)
def test_view_equals_a_rebuild_from_position_zero_when_history_is_varied(container: Container, view: str) -> None:
    record_delivery(Agency(container.app), clients=3)
    projection = container.projection(view)
    catch_up(container, projection)
    before = {t: ordered(rows_of(container, t)) for t in projection.table_names}
    assert all(before.values()), f"{view}: every table has rows to compare"

    assert rebuild(container, view, Console(record=True, width=120))

    after = {t: ordered(rows_of(container, t)) for t in projection.table_names}
    assert after == before


@pytest.mark.parametrize("view", VIEWS)
def test_in_memory_fold_gives_postgresql_rows_when_the_same_log_is_folded(container: Container, view: str) -> None:
    record_delivery(Agency(container.app), clients=2)
    projection = container.projection(view)
    catch_up(container, projection)

    memory = replay(projection, logged_events(container), batch=13)

    for table in projection.tables:
        stored = [r for r in rows_of(container, table.name) if r.get(getattr(table, "counter", ""), 1) != 0]
        assert ordered(memory.rows(table.name)) == ordered(stored), table.name
