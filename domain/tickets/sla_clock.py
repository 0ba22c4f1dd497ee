"""What a ticket's SLA clock reads: business time used, due time, at-risk time, breached or met.

The clock runs from the ticket's opening, only in business hours, and not
while the ticket is stopped (waiting on the client, resolved or closed; see
``workflow.CLOCK_STOPPED``). A target is met when the awaited thing (the first
staff reply, or the resolution) happens no later than the moment the running
clock reaches the target: its due time. Nothing here reads a clock: the moment
to measure at is passed in.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from domain.tickets.business_hours import BusinessCalendar

Stop = tuple[datetime, datetime | None]  # the clock stopped at, and resumed at (None: still stopped)


def running_segments(opened_at: datetime, stops: Sequence[Stop], until: datetime | None) -> Iterator[Stop]:
    """The stretches in which the clock ran, from opening up to ``until`` (None: open-ended)."""
    current = opened_at
    for stopped, resumed in stops:
        if until is not None and stopped >= until:
            break
        if stopped > current:
            yield current, stopped
        if resumed is None:
            return
        current = max(current, resumed)
    if until is None or until > current:
        yield current, until


def counted(calendar: BusinessCalendar, segments: Sequence[Stop], until: datetime) -> timedelta:
    """Business time the clock counted in ``segments`` up to ``until``."""
    total = timedelta(0)
    for start, end in segments:
        stop = until if end is None else min(end, until)
        total += calendar.business_time(start, stop)
    return total


def reached(calendar: BusinessCalendar, segments: Sequence[Stop], amount: timedelta) -> datetime | None:
    """When the clock, running through ``segments``, has counted ``amount``; None if it stops short."""
    used = timedelta(0)
    for start, end in segments:
        span = calendar.business_time(start, end) if end is not None else None
        if span is None or used + span >= amount:
            return calendar.add(start, amount - used)
        used += span
    return None


def share_of(target: timedelta, share: Decimal) -> timedelta:
    """``share`` of ``target``, to the second."""
    seconds = Decimal(target // timedelta(seconds=1)) * share
    return timedelta(seconds=int(seconds.to_integral_value()))


@dataclass(frozen=True)
class ClockReading:
    """One target on one ticket, as of a moment."""

    target: timedelta
    at_risk_after: timedelta  # the share of the target after which the ticket is at risk
    elapsed: timedelta  # business time counted up to the moment, or up to completion
    due_at: datetime | None  # when the clock reaches (or reached) the target; None if it stopped short
    at_risk_at: datetime | None  # when it reaches (or reached) the at-risk share
    completed_at: datetime | None  # the first staff reply, or the resolution
    running: bool

    @property
    def breached(self) -> bool:
        """Completed after the due time, or not completed and the target used up."""
        if self.completed_at is not None:
            return self.elapsed > self.target
        return self.elapsed >= self.target

    @property
    def at_risk(self) -> bool:
        """Not completed, not yet breached, and the at-risk share used."""
        return self.completed_at is None and not self.breached and self.elapsed >= self.at_risk_after

    @property
    def paused(self) -> bool:
        """Not completed, and the clock is stopped (the ticket waits on the client)."""
        return self.completed_at is None and not self.running

    @property
    def state(self) -> str:
        """As a queue shows it: 'breached', 'met', 'at_risk' or 'ok'."""
        if self.breached:
            return "breached"
        if self.completed_at is not None:
            return "met"
        return "at_risk" if self.at_risk else "ok"

    @property
    def remaining(self) -> timedelta:
        return max(self.target - self.elapsed, timedelta(0))

    @property
    def elapsed_minutes(self) -> Decimal:
        """Business minutes used, to the second (as the SLA report shows them)."""
        return (Decimal(self.elapsed // timedelta(seconds=1)) / 60).quantize(Decimal("0.01"))


def read_clock(
    calendar: BusinessCalendar,
    *,
    opened_at: datetime,
    stops: Sequence[Stop],
    completed_at: datetime | None,
    target: timedelta,
    at_risk_share: Decimal,
    as_of: datetime,
) -> ClockReading:
    """Measure one target at ``as_of``; the clock counts nothing after completion."""
    end = as_of if completed_at is None else min(completed_at, as_of)
    done = completed_at if completed_at is not None and completed_at <= as_of else None
    segments = list(running_segments(opened_at, stops, done))
    at_risk_after = share_of(target, at_risk_share)
    running = done is None and bool(segments) and segments[-1][1] is None
    return ClockReading(
        target=target,
        at_risk_after=at_risk_after,
        elapsed=counted(calendar, segments, end),
        due_at=reached(calendar, segments, target),
        at_risk_at=reached(calendar, segments, at_risk_after),
        completed_at=done,
        running=running,
    )
