"""A ticket's SLA clocks and its current deadlines, computed from its state alone.

A process manager calls ``ticket_deadlines`` after every ticket event (and
after a policy change) and makes its timers match the answer: it schedules
or moves each purpose listed, and cancels every purpose in ``PURPOSES`` that
is not. While the clock is stopped (waiting on the client) the SLA deadlines
are absent, so a pause cancels them and the resume brings them back, moved
by exactly the business time spent waiting.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from domain.tickets.aggregate import Ticket
from domain.tickets.sla import FIRST_RESPONSE, RESOLUTION, SlaTerms
from domain.tickets.sla_clock import ClockReading, read_clock
from domain.tickets.workflow import TicketStatus

AUTO_CLOSE_AFTER = timedelta(days=7)  # how long a ticket stays resolved before it closes on its own

FIRST_RESPONSE_AT_RISK = "ticket.first_response.at_risk"
FIRST_RESPONSE_BREACH = "ticket.first_response.breach"
RESOLUTION_AT_RISK = "ticket.resolution.at_risk"
RESOLUTION_BREACH = "ticket.resolution.breach"
AUTO_CLOSE = "ticket.auto_close"
ESCALATION_REMINDER = "ticket.escalation.reminder"
PURPOSES = (
    FIRST_RESPONSE_AT_RISK,
    FIRST_RESPONSE_BREACH,
    RESOLUTION_AT_RISK,
    RESOLUTION_BREACH,
    AUTO_CLOSE,
    ESCALATION_REMINDER,
)


@dataclass(frozen=True)
class TicketDeadline:
    """A moment at which something must happen to a ticket unless its state changes first."""

    purpose: str  # one of PURPOSES
    due_at: datetime


def clock_of(ticket: Ticket, kind: str, terms: SlaTerms, as_of: datetime) -> ClockReading | None:
    """The ticket's ``kind`` clock (first_response or resolution) at ``as_of``; None if no target applies."""
    target = terms.target(kind, ticket.priority)
    if target is None:
        return None
    if kind == FIRST_RESPONSE:
        completed = ticket.first_response_at
    else:
        done = ticket.status in (TicketStatus.RESOLVED, TicketStatus.CLOSED)
        completed = ticket.resolved_at if done else None
    return read_clock(
        terms.calendar,
        opened_at=ticket.opened_at,
        stops=ticket.clock_stops,
        completed_at=completed,
        target=target,
        at_risk_share=terms.at_risk_share,
        as_of=as_of,
    )


def _sla_deadlines(ticket: Ticket, kind: str, terms: SlaTerms) -> list[TicketDeadline]:
    # Read as of the ticket's latest event: everything it records has happened by then.
    reading = clock_of(ticket, kind, terms, ticket.modified_on)
    if reading is None or not reading.running:
        return []
    at_risk, breach = (
        (FIRST_RESPONSE_AT_RISK, FIRST_RESPONSE_BREACH)
        if kind == FIRST_RESPONSE
        else (RESOLUTION_AT_RISK, RESOLUTION_BREACH)
    )
    found = []
    marks = set(ticket.sla_marks)
    breached = f"{kind}.breach" in marks
    if reading.at_risk_at is not None and not breached and f"{kind}.at_risk" not in marks:
        found.append(TicketDeadline(at_risk, reading.at_risk_at))
    if reading.due_at is not None and not breached:
        found.append(TicketDeadline(breach, reading.due_at))
    return found


def ticket_deadlines(
    ticket: Ticket, terms: SlaTerms, *, auto_close_after: timedelta = AUTO_CLOSE_AFTER
) -> list[TicketDeadline]:
    """Every deadline the ticket's state implies; one already past is due at once."""
    found = _sla_deadlines(ticket, FIRST_RESPONSE, terms) + _sla_deadlines(ticket, RESOLUTION, terms)
    if ticket.status is TicketStatus.RESOLVED and ticket.resolved_at is not None:
        found.append(TicketDeadline(AUTO_CLOSE, ticket.resolved_at + auto_close_after))
    if (
        ticket.escalated_at is not None
        and not ticket.escalation_acknowledged
        and ticket.status is not TicketStatus.CLOSED
    ):
        reminder = terms.escalation_reminder.duration(terms.business_day_hours)
        found.append(TicketDeadline(ESCALATION_REMINDER, terms.calendar.add(ticket.escalated_at, reminder)))
    return found


def sla_due_times(ticket: Ticket, terms: SlaTerms) -> tuple[datetime | None, datetime | None]:
    """When the first response and the resolution fall due while their clocks run (past ones too); else None."""

    def due(kind: str) -> datetime | None:
        reading = clock_of(ticket, kind, terms, ticket.modified_on)
        return reading.due_at if reading is not None and reading.running else None

    return due(FIRST_RESPONSE), due(RESOLUTION)
