"""The ticket queue's reads beside the lead pipeline's: the queries behind GET /tickets and GET /tickets/{id}.

Each query runs as its route runs it (the reader's scope, a page of 50 with
counts per status), on one pooled connection, ``repeats`` times after a
warm-up; its p50 is set beside the p50 of the lead pipeline's first page on the
same data.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import uuid4

from baton.container import Container
from bench.billing_reads import _timed
from bench.stats import Figure, Target, percentile
from projections.leads.queries import LeadFilter, list_leads
from projections.scope import Scope
from projections.tickets.queries import TicketFilter, get_ticket, list_tickets

STAFF = Scope.everything()


def measure(container: Container, repeats: int = 100) -> list[Figure]:
    """p50 of each ticket read beside the lead pipeline page's p50 (target: at most 3x)."""
    with container.pool.connection() as conn:
        tickets, entries = (
            conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("ticket_queue", "ticket_thread")
        )  # noqa: S608
        busiest = conn.execute(
            "SELECT ticket_id FROM ticket_thread GROUP BY ticket_id ORDER BY count(*) DESC LIMIT 1"
        ).fetchone()
        client = conn.execute(
            "SELECT client_id FROM ticket_queue GROUP BY client_id ORDER BY count(*) DESC LIMIT 1"
        ).fetchone()
        agent = conn.execute("SELECT assignee_id FROM ticket_queue WHERE assignee_id <> '' LIMIT 1").fetchone()
        client_user = Scope(user_id=uuid4(), role="client", client_id=client[0] if client else "")
        open_statuses = ["open", "in_progress", "pending_client"]
        reads: dict[str, Callable[[], Any]] = {
            "GET /tickets (whole queue, by activity)": lambda: list_tickets(conn, STAFF, TicketFilter()),
            "GET /tickets?assignee=me&status=open...&sort=due": lambda: list_tickets(
                conn, STAFF, TicketFilter(status=open_statuses, assignee=agent[0] if agent else ""), sort="due"
            ),
            "GET /tickets?sla=breached": lambda: list_tickets(conn, STAFF, TicketFilter(sla=["breached"])),
            "GET /tickets?q=checkout": lambda: list_tickets(conn, STAFF, TicketFilter(text="checkout")),
            "GET /tickets as a client user": lambda: list_tickets(conn, client_user, TicketFilter()),
            "GET /tickets/{id} (busiest thread)": lambda: get_ticket(conn, STAFF, busiest[0]) if busiest else None,
        }
        lead_p50 = percentile(_timed(lambda: list_leads(conn, STAFF, LeadFilter()), repeats), 50) * 1000
        timings = {name: _timed(read, repeats) for name, read in reads.items()}
    return [
        Figure(
            "tickets",
            f"{name} p50",
            percentile(samples, 50) * 1000,
            "ms",
            "GET /leads first page p50",
            lead_p50,
            Target("<=", 3.0),
            f"p95 {percentile(samples, 95) * 1000:.2f} ms over {repeats} runs; {tickets:,} tickets, {entries:,} thread entries",
        )
        for name, samples in timings.items()
    ]
