"""The SLA report: first responses met or missed, per month and priority and per client, as of a moment.

Each ticket's facts (``ticket_sla``) are cut at ``as_of`` (what had happened
by then) and measured under the terms given, the policy in force when the
report is read: change the policy and every past ticket is measured anew.
``recorded_breaches`` counts the breaches Baton's timers recorded at the time,
under the policy then in force (their figures stay in the audit trail).
"""

from __future__ import annotations

import json
import math
import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from psycopg import Connection
from psycopg.rows import dict_row

from domain.tickets import Priority, SlaTerms
from domain.tickets.sla import FIRST_RESPONSE
from domain.tickets.sla_clock import Stop, read_clock
from projections.scope import Scope
from projections.tickets.sla import FACTS


@dataclass
class Figures:
    """One group's first responses: counts, the share met, and business minutes taken."""

    tickets: int = 0
    met: int = 0
    breached: int = 0
    waiting: int = 0  # no first response yet, target not yet missed
    open_breaches: int = 0  # missed and not closed
    recorded_breaches: int = 0
    minutes: list[Decimal] = field(default_factory=list)

    def add(self, outcome: str, minutes: Decimal | None, *, open_breach: bool, recorded: bool) -> None:
        self.tickets += 1
        if outcome == "met":
            self.met += 1
        elif outcome == "breached":
            self.breached += 1
        else:
            self.waiting += 1
        self.open_breaches += open_breach
        self.recorded_breaches += recorded
        if minutes is not None:
            self.minutes.append(minutes)

    def as_data(self) -> dict[str, Any]:
        decided = self.met + self.breached
        share = (Decimal(self.met) / decided).quantize(Decimal("0.0001")) if decided else None
        ordered = sorted(self.minutes)
        p90 = ordered[math.ceil(0.9 * len(ordered)) - 1] if ordered else None
        median = Decimal(statistics.median(ordered)).quantize(Decimal("0.01")) if ordered else None
        return {
            "tickets": self.tickets,
            "met": self.met,
            "breached": self.breached,
            "waiting": self.waiting,
            "share_met": share,
            "median_first_response_minutes": median,
            "p90_first_response_minutes": p90,
            "open_breaches": self.open_breaches,
            "recorded_breaches": self.recorded_breaches,
        }


@dataclass(frozen=True)
class Measured:
    """One ticket's first response as of the report's moment."""

    month: str
    priority: str
    client_id: str
    outcome: str  # met, breached, waiting
    minutes: Decimal | None  # business minutes to the first response
    open_breach: bool
    recorded: bool


def _at(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def measure(row: dict[str, Any], terms: SlaTerms, as_of: datetime) -> Measured:
    """One ticket's facts, cut at ``as_of``, measured under ``terms``."""
    priority = next(p for since, p in reversed(json.loads(row["priorities"])) if datetime.fromisoformat(since) <= as_of)
    answered = row["first_response_at"] if row["first_response_at"] and row["first_response_at"] <= as_of else None
    stops: list[Stop] = []
    for start, end in json.loads(row["stops"]):
        began, ended = _at(start), _at(end)
        if began is not None and began <= as_of:
            stops.append((began, ended if ended is not None and ended <= as_of else None))
    target = terms.target(FIRST_RESPONSE, Priority(priority))
    assert target is not None  # every priority has a first-response target
    reading = read_clock(
        terms.calendar,
        opened_at=row["opened_at"],
        stops=stops,
        completed_at=answered,
        target=target,
        at_risk_share=terms.at_risk_share,
        as_of=as_of,
    )
    outcome = "breached" if reading.breached else "met" if answered else "waiting"
    closed = row["closed_at"] is not None and row["closed_at"] <= as_of
    recorded = (
        bool(row["recorded_breach"]) and datetime.fromisoformat(json.loads(row["recorded_breach"])["at"]) <= as_of
    )
    return Measured(
        month=row["opened_at"].astimezone(terms.calendar.zone).strftime("%Y-%m"),
        priority=priority,
        client_id=row["client_id"],
        outcome=outcome,
        minutes=reading.elapsed_minutes if answered else None,
        open_breach=outcome == "breached" and not closed,
        recorded=recorded,
    )


def summarise(measured: Iterable[Measured]) -> dict[str, Any]:
    """Figures per month and priority, per client, and in all."""
    by_month: dict[tuple[str, str], Figures] = defaultdict(Figures)
    by_client: dict[str, Figures] = defaultdict(Figures)
    total = Figures()
    for m in measured:
        for figures in (by_month[(m.month, m.priority)], by_client[m.client_id], total):
            figures.add(m.outcome, m.minutes, open_breach=m.open_breach, recorded=m.recorded)
    ranks = {p.value: p.rank for p in Priority}
    return {
        "by_month": [
            {"month": month, "priority": priority, **figures.as_data()}
            for (month, priority), figures in sorted(by_month.items(), key=lambda kv: (kv[0][0], -ranks[kv[0][1]]))
        ],
        "by_client": [{"client_id": client, **f.as_data()} for client, f in sorted(by_client.items())],
        "total": total.as_data(),
    }


def sla_report(
    conn: Connection[Any],
    scope: Scope,
    terms: SlaTerms,
    *,
    as_of: datetime,
    opened_from: datetime | None = None,
    opened_to: datetime | None = None,
    client_id: str | None = None,
) -> dict[str, Any]:
    """The report over tickets opened in [opened_from, opened_to) and by ``as_of`` (staff only; else empty)."""
    if not scope.is_staff:
        return summarise(())
    query = (
        f"SELECT {', '.join(FACTS.names)} FROM ticket_sla WHERE opened_at <= %(as_of)s"
        " AND (%(since)s::timestamptz IS NULL OR opened_at >= %(since)s)"
        " AND (%(until)s::timestamptz IS NULL OR opened_at < %(until)s)"
        " AND (%(client)s::text IS NULL OR client_id = %(client)s)"
    )
    params = {"as_of": as_of, "since": opened_from, "until": opened_to, "client": client_id}
    with conn.cursor(row_factory=dict_row) as cur:
        rows = cur.execute(query, params).fetchall()
    return summarise(measure(row, terms, as_of) for row in rows)
