"""What the ticket's timers do when they fire: mark at risk, record a breach, close after resolution.

Baton's timers call these (actor role ``system``) with the deadline's key.
Each one re-checks the ticket's state first, so a timer that fires twice, or
late, or after the state moved on (a reply, a pause, a reopen), records
nothing: these return False then.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

from domain.context import CommandContext
from domain.tickets.aggregate import Ticket
from domain.tickets.deadlines import AUTO_CLOSE_AFTER, clock_of
from domain.tickets.permissions import require_system
from domain.tickets.sla import FIRST_RESPONSE, RESOLUTION, SlaTerms
from domain.tickets.workflow import TicketStatus

SLA_KINDS = (FIRST_RESPONSE, RESOLUTION)


def _check_kind(kind: str) -> None:
    if kind not in SLA_KINDS:
        raise ValueError(f"Unknown SLA target '{kind}'; expected one of {SLA_KINDS}.")


def auto_close(ticket: Ticket, ctx: CommandContext, key: str, after: timedelta = AUTO_CLOSE_AFTER) -> bool:
    """Close a ticket that has stayed resolved for ``after``; False when it was reopened, closed, or is not due."""
    require_system(ctx, "close resolved tickets on their own")
    resolved_at = ticket.resolved_at
    if ticket.status is not TicketStatus.RESOLVED or resolved_at is None or ctx.now < resolved_at + after:
        return False
    ticket._record(Ticket.AutoClosed, ctx, resolved_at=resolved_at, key=key)
    return True


def mark_at_risk(ticket: Ticket, ctx: CommandContext, kind: str, key: str, terms: SlaTerms) -> bool:
    """Record that most of the ``kind`` target is used; False when it is not (or already marked)."""
    require_system(ctx, "mark SLA targets at risk")
    _check_kind(kind)
    if {f"{kind}.at_risk", f"{kind}.breach"} & set(ticket.sla_marks):
        return False
    reading = clock_of(ticket, kind, terms, ctx.now)
    if reading is None or not reading.running or not reading.at_risk or reading.due_at is None:
        return False
    ticket._record(Ticket.SlaAtRisk, ctx, target=kind, priority=ticket.priority.value, due_at=reading.due_at, key=key)
    return True


def record_breach(ticket: Ticket, ctx: CommandContext, kind: str, key: str, terms: SlaTerms) -> bool:
    """Record that the ``kind`` target was missed, with the figures as measured now; False when it was not."""
    require_system(ctx, "record SLA breaches")
    _check_kind(kind)
    if f"{kind}.breach" in ticket.sla_marks:
        return False
    reading = clock_of(ticket, kind, terms, ctx.now)
    if reading is None or reading.completed_at is not None or not reading.breached or reading.due_at is None:
        return False
    ticket._record(
        Ticket.SlaBreached,
        ctx,
        target=kind,
        priority=ticket.priority.value,
        due_at=reading.due_at,
        target_minutes=(Decimal(reading.target // timedelta(seconds=1)) / 60).quantize(Decimal("0.01")),
        elapsed_minutes=reading.elapsed_minutes,
        policy_version=terms.version,
        key=key,
    )
    return True


def record_due_times(
    ticket: Ticket,
    ctx: CommandContext,
    first_response_due: datetime | None,
    resolution_due: datetime | None,
    policy_version: int,
) -> bool:
    """Record when the SLA targets fall due, as the desk's timers were just set; False when nothing moved."""
    require_system(ctx, "record SLA due times")
    if ticket.due_times == [first_response_due, resolution_due]:
        return False
    ticket._record(
        Ticket.DueTimesChanged,
        ctx,
        first_response_due=first_response_due,
        resolution_due=resolution_due,
        policy_version=policy_version,
    )
    return True
