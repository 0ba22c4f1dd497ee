"""Billing's views as PostgreSQL holds them, and as the in-memory fold gives them, in one comparable order."""

from __future__ import annotations

from typing import Any

from psycopg.rows import dict_row

from baton.container import Container
from projections.engine import LogEvent, Projection
from projections.engine.table import Counts
from tests.builders.pipeline import catch_up

BILLING_VIEWS = ("proposals", "contracts", "invoices", "payment_inbox", "billing_revenue")


def logged_events(container: Container) -> list[LogEvent]:
    notifications = container.app.recorder.select_notifications(start=1, limit=1_000_000)
    return [(n.id, n.topic, container.app.mapper.to_domain_event(n)) for n in notifications]


def catch_up_billing(container: Container) -> None:
    for name in BILLING_VIEWS:
        catch_up(container, container.projection(name))


def table_rows(container: Container, projection: Projection) -> dict[str, list[dict[str, Any]]]:
    """Every table of ``projection`` in primary-key order (the in-memory writer's order; no zero counts)."""
    found = {}
    with container.pool.connection() as conn, conn.cursor(row_factory=dict_row) as cur:
        for table in projection.tables:
            rows = cur.execute(f"SELECT * FROM {table.name}").fetchall()  # noqa: S608 - our own table names
            if isinstance(table, Counts):
                rows = [r for r in rows if r[table.counter]]
            found[table.name] = sorted(rows, key=lambda r, t=table: repr(tuple(r[k] for k in t.key)))
    return found
