"""Revenue by client and month, and accounts-receivable ageing, as they stood on any date (admins).

Both are sums over the dated receivable facts (projections/billing/revenue.py), so
asking about a past date needs no snapshot: only the facts dated up to it count.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from psycopg import Connection, sql
from psycopg.rows import dict_row

from projections.billing.listing import amount
from projections.scope import Scope

MAX_MONTHS = 36
AMOUNTS = ("invoiced", "paid", "credited", "voided", "outstanding", "overdue")
BUCKETS = ("current", "days_1_30", "days_31_60", "days_61_90", "days_over_90")

# Each fact moves its client's outstanding from its day on, and its overdue from the later of its day and the day
# after its due date: both are running sums over months, so the cost is one pass over the facts and the month grid.
_REVENUE = """
WITH bounds AS (SELECT date_trunc('month', %(since)s::date)::date AS first, %(as_of)s::date AS last),
months AS (
    SELECT m::date AS month
    FROM generate_series(date_trunc('month', %(since)s::date), date_trunc('month', %(as_of)s::date), interval '1 month') AS m
),
facts AS (
    SELECT f.client_id, f.currency, f.kind, f.day, GREATEST(f.day, f.due_date + 1) AS late_from, f.amount, b.first
    FROM revenue_facts f, bounds b
    WHERE f.day <= b.last AND (%(client)s::text IS NULL OR f.client_id = %(client)s)
),
moved AS (
    SELECT client_id, currency, GREATEST(date_trunc('month', day)::date, first) AS month, sum(amount) AS change,
        sum(amount) FILTER (WHERE kind = 'invoiced' AND day >= first) AS invoiced,
        -sum(amount) FILTER (WHERE kind IN ('paid', 'refunded') AND day >= first) AS paid,
        -sum(amount) FILTER (WHERE kind = 'credited' AND day >= first) AS credited,
        -sum(amount) FILTER (WHERE kind = 'voided' AND day >= first) AS voided,
        count(*) FILTER (WHERE day >= first) AS moves
    FROM facts GROUP BY 1, 2, 3
),
late AS (
    SELECT f.client_id, f.currency, GREATEST(date_trunc('month', f.late_from)::date, f.first) AS month,
        sum(f.amount) AS change
    FROM facts f, bounds b WHERE f.late_from <= b.last GROUP BY 1, 2, 3
),
grid AS (
    SELECT k.client_id, k.currency, m.month FROM (SELECT DISTINCT client_id, currency FROM facts) AS k CROSS JOIN months m
),
rows AS (
    SELECT g.month, g.client_id, g.currency, o.invoiced, o.paid, o.credited, o.voided, COALESCE(o.moves, 0) AS moves,
        sum(COALESCE(o.change, 0)) OVER w AS outstanding, sum(COALESCE(l.change, 0)) OVER w AS overdue
    FROM grid g
    LEFT JOIN moved o ON (o.client_id, o.currency, o.month) = (g.client_id, g.currency, g.month)
    LEFT JOIN late l ON (l.client_id, l.currency, l.month) = (g.client_id, g.currency, g.month)
    WINDOW w AS (PARTITION BY g.client_id, g.currency ORDER BY g.month)
)
SELECT to_char(month, 'YYYY-MM') AS month, client_id, currency,
    COALESCE(invoiced, 0) AS invoiced, COALESCE(paid, 0) AS paid, COALESCE(credited, 0) AS credited,
    COALESCE(voided, 0) AS voided, outstanding, overdue
FROM rows
WHERE outstanding <> 0 OR moves > 0
ORDER BY month, client_id, currency
"""

_AGEING = """
SELECT client_id, currency,
    COALESCE(sum(owed) FILTER (WHERE late <= 0), 0) AS current,
    COALESCE(sum(owed) FILTER (WHERE late BETWEEN 1 AND 30), 0) AS days_1_30,
    COALESCE(sum(owed) FILTER (WHERE late BETWEEN 31 AND 60), 0) AS days_31_60,
    COALESCE(sum(owed) FILTER (WHERE late BETWEEN 61 AND 90), 0) AS days_61_90,
    COALESCE(sum(owed) FILTER (WHERE late > 90), 0) AS days_over_90,
    sum(owed) AS total, count(*) AS invoices
FROM (
    SELECT invoice_id, client_id, currency, %(as_of)s::date - due_date AS late, sum(amount) AS owed
    FROM revenue_facts WHERE day <= %(as_of)s AND (%(client)s::text IS NULL OR client_id = %(client)s)
    GROUP BY invoice_id, client_id, currency, due_date
) AS per_invoice
WHERE owed > 0
GROUP BY client_id, currency
ORDER BY client_id, currency
"""


class RangeTooLong(ValueError):
    """A revenue report over more months than one report covers."""


@dataclass(frozen=True)
class Ageing:
    rows: list[dict[str, Any]]
    totals: dict[str, dict[str, str]]


def _visible(scope: Scope) -> bool:
    return scope.is_admin


def revenue(
    conn: Connection[Any], scope: Scope, *, as_of: date, since: date, client_id: str | None = None
) -> list[dict[str, Any]]:
    """Per month from ``since`` to ``as_of``, client and currency: invoiced, paid, credited, voided in the month,
    and outstanding and overdue at its end (or on ``as_of``); amounts as exact strings."""
    if since > as_of:
        return []
    if (as_of.year - since.year) * 12 + as_of.month - since.month >= MAX_MONTHS:
        raise RangeTooLong(f"A revenue report covers at most {MAX_MONTHS} months; move 'since' closer to 'as_of'.")
    if not _visible(scope):
        return []
    with conn.cursor(row_factory=dict_row) as cur:
        rows = cur.execute(sql.SQL(_REVENUE), {"as_of": as_of, "since": since, "client": client_id}).fetchall()
    return [{**row, **{k: amount(row[k]) for k in AMOUNTS}} for row in rows]


def ageing(conn: Connection[Any], scope: Scope, *, as_of: date, client_id: str | None = None) -> Ageing:
    """What each client owed on ``as_of``, by how long past its due date: current, 1-30, 31-60, 61-90, over 90 days."""
    if not _visible(scope):
        return Ageing([], {})
    with conn.cursor(row_factory=dict_row) as cur:
        rows = cur.execute(sql.SQL(_AGEING), {"as_of": as_of, "client": client_id}).fetchall()
    totals: dict[str, dict[str, Any]] = {}
    for row in rows:
        into = totals.setdefault(row["currency"], dict.fromkeys((*BUCKETS, "total"), 0))
        for key in (*BUCKETS, "total"):
            into[key] += row[key]
    shown = [{**row, **{k: amount(row[k]) for k in (*BUCKETS, "total")}} for row in rows]
    return Ageing(shown, {c: {k: amount(v) for k, v in t.items()} for c, t in totals.items()})
