"""Billing's reads beside the lead pipeline's: the queries behind GET /invoices, /proposals and the reports.

Each query runs as the routes run it (the reader's scope, a page of 50 with counts
and totals), on one pooled connection, ``repeats`` times after a warm-up; its
p50 is set beside the p50 of the lead pipeline's first page on the same data.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date
from typing import Any

from baton.container import Container
from bench.stats import Figure, Target, percentile
from projections.billing.invoice_queries import InvoiceFilter, list_invoices
from projections.billing.proposal_queries import ProposalFilter, list_proposals
from projections.billing.revenue_queries import ageing, revenue
from projections.leads.queries import LeadFilter, list_leads
from projections.scope import Scope

STAFF = Scope.everything()


def _timed(query: Callable[[], object], repeats: int) -> list[float]:
    query()  # warm-up: plans and caches
    samples = []
    for _ in range(repeats):
        started = time.perf_counter()
        query()
        samples.append(time.perf_counter() - started)
    return samples


def measure(container: Container, repeats: int = 100) -> list[Figure]:
    """p50 of each billing read beside the lead pipeline page's p50 (target: lists at most 3x, reports 10x)."""
    with container.pool.connection() as conn:
        counts = {
            table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608 - our own names
            for table in ("invoice_list", "proposal_list", "payment_ledger", "revenue_facts")
        }
        first = conn.execute("SELECT client_id FROM invoice_list LIMIT 1").fetchone()
        client = first[0] if first else ""
        today = date.today()
        since = date(today.year - 1, today.month, 1)
        reads: dict[str, Callable[[], Any]] = {
            "GET /invoices (first page, counts, totals)": lambda: list_invoices(conn, STAFF, InvoiceFilter()),
            "GET /invoices?overdue=true": lambda: list_invoices(conn, STAFF, InvoiceFilter(overdue=True)),
            "GET /invoices?client_id=...": lambda: list_invoices(conn, STAFF, InvoiceFilter(client_id=client)),
            "GET /proposals (first page, counts)": lambda: list_proposals(conn, STAFF, ProposalFilter()),
            "GET /reports/revenue (12 months)": lambda: revenue(conn, STAFF, as_of=today, since=since),
            "GET /reports/ageing": lambda: ageing(conn, STAFF, as_of=today),
        }
        lead_p50 = percentile(_timed(lambda: list_leads(conn, STAFF, LeadFilter()), repeats), 50) * 1000
        timings = {name: _timed(read, repeats) for name, read in reads.items()}
    sizes = ", ".join(f"{n:,} {t}" for t, n in counts.items())
    return [
        Figure(
            "billing",
            f"{name} p50",
            percentile(samples, 50) * 1000,
            "ms",
            "GET /leads first page p50",
            lead_p50,
            # A list page within 3x the lead pipeline's; a report (read monthly, not per click) within 10x.
            Target("<=", 10.0 if "reports" in name else 3.0),
            f"p95 {percentile(samples, 95) * 1000:.2f} ms over {repeats} runs; {sizes}",
        )
        for name, samples in timings.items()
    ]
