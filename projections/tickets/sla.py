"""The facts the SLA report measures, one row per ticket: when it opened, paused, resumed, was answered.

The row keeps facts, not figures. The report (``sla_report.py``) measures them
under the policy in force when it is read, so a changed policy applies to every
past ticket at once, and a rebuild from history gives the same rows. What the
timers recorded at the time (a breach with its minutes and policy version) is
kept beside the facts, as recorded.
"""

from __future__ import annotations

import json
from datetime import datetime

from domain.tickets import Ticket
from domain.tickets.workflow import CLOCK_STOPPED, TicketStatus
from projections.engine import Column, Entities, Fold, Projection, Row, handles
from projections.engine import position_column as position
from projections.engine import version_column as version

FACTS = Entities(
    "ticket_sla",
    (
        Column("id", "uuid"),
        Column("client_id", "text"),
        Column("priority", "text", changes=True),
        Column("priorities", "text", changes=True),  # JSON [[since, priority], ...], oldest first
        Column("status", "text", changes=True),
        Column("opened_at", "timestamptz"),
        Column("first_response_at", "timestamptz", changes=True, default=None),
        Column("stops", "text", changes=True, default="[]"),  # JSON [[stopped, resumed or null], ...]
        Column("closed_at", "timestamptz", changes=True, default=None),
        Column("recorded_breach", "text", changes=True, default=""),  # JSON of the first-response breach event
        version(),
        position(),
    ),
    indexes=("(opened_at)", "(client_id, opened_at)"),
)


def _enter(row: Row, status: str, at: datetime) -> None:
    """The ticket takes ``status`` at ``at``: the clock stops or resumes as the ticket's own state does."""
    stops = json.loads(row["stops"])
    stopped_before = TicketStatus(row["status"]) in CLOCK_STOPPED
    stopped_now = TicketStatus(status) in CLOCK_STOPPED
    if stopped_now and not stopped_before:
        stops.append([at.isoformat(), None])
    elif stopped_before and not stopped_now and stops:
        stops[-1][1] = at.isoformat()
    row["stops"] = json.dumps(stops)
    row["status"] = status
    row["closed_at"] = at if status == TicketStatus.CLOSED else None


class TicketSla(Projection):
    """Per ticket, the facts its first-response clock is read from."""

    name = "ticket_sla"
    version = 1
    tables = (FACTS,)

    @handles(Ticket.Opened)
    def opened(self, fold: Fold, e: Ticket.Opened) -> None:
        fold.insert(
            FACTS,
            e,
            client_id=e.client_id,
            priority=e.priority,
            priorities=json.dumps([[e.timestamp.isoformat(), e.priority]]),
            status=TicketStatus.OPEN.value,
            opened_at=e.timestamp,
        )

    @handles(Ticket.StaffReplied)
    def answered(self, fold: Fold, e: Ticket.StaffReplied) -> None:
        if (row := fold.update(FACTS, e)) is not None and row["first_response_at"] is None:
            row["first_response_at"] = e.timestamp

    @handles(Ticket.StatusChanged)
    def moved(self, fold: Fold, e: Ticket.StatusChanged) -> None:
        if (row := fold.update(FACTS, e)) is not None:
            _enter(row, e.to_status, e.timestamp)

    @handles(Ticket.Reopened)
    def reopened(self, fold: Fold, e: Ticket.Reopened) -> None:
        if (row := fold.update(FACTS, e)) is not None:
            _enter(row, TicketStatus.OPEN.value, e.timestamp)

    @handles(Ticket.AutoClosed)
    def auto_closed(self, fold: Fold, e: Ticket.AutoClosed) -> None:
        if (row := fold.update(FACTS, e)) is not None:
            _enter(row, TicketStatus.CLOSED.value, e.timestamp)

    @handles(Ticket.PriorityChanged)
    def reprioritised(self, fold: Fold, e: Ticket.PriorityChanged) -> None:
        if (row := fold.update(FACTS, e)) is not None:
            row["priority"] = e.to_priority
            row["priorities"] = json.dumps([*json.loads(row["priorities"]), [e.timestamp.isoformat(), e.to_priority]])

    @handles(Ticket.SlaBreached)
    def breached(self, fold: Fold, e: Ticket.SlaBreached) -> None:
        if (row := fold.update(FACTS, e)) is not None and e.target == "first_response":
            recorded = {
                "at": e.timestamp.isoformat(),
                "priority": e.priority,
                "due_at": e.due_at.isoformat(),
                "target_minutes": str(e.target_minutes),
                "elapsed_minutes": str(e.elapsed_minutes),
                "policy_version": e.policy_version,
            }
            row["recorded_breach"] = json.dumps(recorded)
