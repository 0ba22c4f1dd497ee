"""The revenue report equals a plain count of the dated facts, for any month range and as-of day."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from psycopg.rows import dict_row

from baton.container import Container
from domain.billing.calendar import add_months
from projections.billing.revenue_queries import revenue
from projections.scope import Scope
from tests.builders.billing_history import write_history
from tests.integration.billing.views import catch_up_billing

KEYS = ("invoiced", "paid", "credited", "voided", "outstanding", "overdue")


def by_hand(facts: list[dict[str, Any]], since: date, as_of: date) -> dict[tuple[str, str, str], dict[str, Decimal]]:
    """Month by month from the facts themselves: what moved in the month, what was owed (and late) at its end."""
    expected: dict[tuple[str, str, str], dict[str, Decimal]] = defaultdict(lambda: dict.fromkeys(KEYS, Decimal(0)))
    month = since.replace(day=1)
    while month <= as_of:
        upto = min(add_months(month, 1) - timedelta(days=1), as_of)
        for f in facts:
            if f["day"] > upto:
                continue
            key = (month.strftime("%Y-%m"), f["client_id"], f["currency"])
            row, moved = expected[key], f["day"] >= month
            row["outstanding"] += f["amount"]
            row["overdue"] += f["amount"] if f["due_date"] < upto else 0
            column = {"invoiced": "invoiced", "paid": "paid", "refunded": "paid"}.get(f["kind"], f["kind"])
            if moved:
                row[column] += f["amount"] if column == "invoiced" else -f["amount"]
                row["moves"] = row.get("moves", Decimal(0)) + 1
        month = add_months(month, 1)
    return {
        k: {n: v for n, v in r.items() if n != "moves"}
        for k, r in expected.items()
        if r["outstanding"] or r.get("moves")
    }


def test_revenue_by_client_and_month_matches_the_facts_counted_by_hand_when_asked_as_of_many_days(
    container: Container,
) -> None:
    write_history(container.commands, 60, clients=5)
    catch_up_billing(container)
    with container.pool.connection() as conn, conn.cursor(row_factory=dict_row) as cur:
        facts = cur.execute("SELECT * FROM revenue_facts").fetchall()
        asked = [(date(2026, 1, 1), date(2026, 1, 20)), (date(2026, 2, 1), date(2026, 4, 30)),
                 (date(2025, 12, 1), date(2026, 7, 15)), (date(2026, 3, 1), date(2026, 12, 31))]  # fmt: skip
        for since, as_of in asked:
            rows = revenue(conn, Scope.everything(), as_of=as_of, since=since)
            found = {(r["month"], r["client_id"], r["currency"]): {k: Decimal(r[k]) for k in KEYS} for r in rows}
            assert found == by_hand(facts, since, as_of), (since, as_of)
    assert len(facts) > 50
