"""The in-memory writer unit tests use gives the rows PostgreSQL gives, for the same log."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from psycopg.rows import dict_row

from baton.container import Container, build
from domain.users import Invitation, Role
from projections.engine import LogEvent, replay
from tests.builders import ctx, settings
from tests.builders.pipeline import catch_up, record_history


@pytest.fixture
def container(database_url: str, schema: str) -> Iterator[Container]:
    c = build(settings(database_url, schema, projection_batch_size=17))
    yield c
    c.close()


def logged_events(container: Container) -> list[LogEvent]:
    notifications = container.app.recorder.select_notifications(start=1, limit=100_000)
    return [(n.id, n.topic, container.app.mapper.to_domain_event(n)) for n in notifications]


def table(container: Container, name: str, key: str) -> list[dict[str, Any]]:
    with container.pool.connection() as conn, conn.cursor(row_factory=dict_row) as cur:
        rows: list[dict[str, Any]] = cur.execute(f"SELECT * FROM {name} ORDER BY {key}").fetchall()
        return rows


def test_every_view_folds_to_the_same_rows_in_memory_as_in_postgres(container: Container) -> None:
    record_history(container.leads, 40)
    for i in range(5):
        invitation = Invitation(email=f"u{i}@example.com", name=f"User {i}", role=Role.EMPLOYEE, send_email=False)
        user = container.users.invite(ctx(), invitation).id
        if i % 2:
            container.users.accept_invitation(ctx(minutes=1), user, 1)
    for projection in container.projections:
        catch_up(container, projection)
    events = logged_events(container)

    leads = replay(container.projection("lead_pipeline"), events, batch=17)
    users = replay(container.projection("user_directory"), events, batch=17)

    assert leads.rows("lead_pipeline") == sorted(
        table(container, "lead_pipeline", "id"), key=lambda r: repr((r["id"],))
    )
    assert len(leads.rows("lead_notes")) == len(table(container, "lead_notes", "lead_id, version"))
    kept = [r for r in table(container, "lead_counts", "status, source") if r["leads"]]
    assert sorted(leads.rows("lead_counts"), key=repr) == sorted(kept, key=repr)
    assert users.rows("user_directory") == sorted(
        table(container, "user_directory", "id"), key=lambda r: repr((r["id"],))
    )
