"""What a ticket's rules read, as its events build it, and how a status change moves the SLA clock.

Values are plain (strings, datetimes, lists) because snapshots are JSON. The
thread's text is not here: it lives in the events, so a busy ticket's
snapshot stays small.
"""

from __future__ import annotations

from datetime import datetime

from domain.tickets.sla_clock import Stop
from domain.tickets.workflow import CLOCK_STOPPED, Priority, TicketStatus


class TicketState:
    """The ticket's state; its methods are called only by the ticket's event bodies."""

    _status: str
    _priority: str
    assignee_id: str
    opened_at: datetime
    last_activity_at: datetime
    first_response_at: datetime | None
    resolved_at: datetime | None
    stops: list[list[datetime | None]]  # [clock stopped at, resumed at or None]
    message_ids: list[str]  # the emails already recorded, so a second delivery changes nothing
    follow_up_ids: list[str]
    reopen_count: int
    escalated_to: str
    escalated_at: datetime | None
    escalation_acknowledged: bool
    sla_marks: list[str]  # "first_response.at_risk", "resolution.breach", ... recorded for this priority
    due_times: list[datetime | None]  # [first response due, resolution due] as last recorded; None: no clock running

    def _begin(self, priority: str, message_id: str, at: datetime) -> None:
        self._status = TicketStatus.OPEN.value
        self._priority = priority
        self.assignee_id = ""
        self.opened_at = self.last_activity_at = at
        self.first_response_at = self.resolved_at = self.escalated_at = None
        self.stops = []
        self.message_ids = [message_id] if message_id else []
        self.follow_up_ids = []
        self.reopen_count = 0
        self.escalated_to = ""
        self.escalation_acknowledged = False
        self.sla_marks = []
        self.due_times = [None, None]

    @property
    def status(self) -> TicketStatus:
        return TicketStatus(self._status)

    @property
    def priority(self) -> Priority:
        return Priority(self._priority)

    @property
    def clock_stops(self) -> list[Stop]:
        """When the SLA clock stopped and resumed, oldest first."""
        return [(start, end) for start, end in self.stops if start is not None]

    def _enter(self, status: TicketStatus, at: datetime) -> None:
        """Take a new status, stopping or resuming the SLA clock (for event bodies only)."""
        was_stopped = self.status in CLOCK_STOPPED
        if status in CLOCK_STOPPED and not was_stopped:
            self.stops.append([at, None])
        elif was_stopped and status not in CLOCK_STOPPED and self.stops:
            self.stops[-1][1] = at
        if status is TicketStatus.RESOLVED:
            self.resolved_at = at
        self._status = status.value
        self.last_activity_at = at

    def _heard_from_client(self, message_id: str, at: datetime) -> None:
        if message_id:
            self.message_ids.append(message_id)
        self.last_activity_at = at

    def _reopen(self, at: datetime) -> None:
        self._enter(TicketStatus.OPEN, at)
        self.reopen_count += 1

    def _answered(self, at: datetime) -> None:
        if self.first_response_at is None:
            self.first_response_at = at
        self.last_activity_at = at

    def _assign(self, assignee_id: str, at: datetime) -> None:
        self.assignee_id = assignee_id
        self.last_activity_at = at

    def _reprioritise(self, priority: str, at: datetime) -> None:
        self._priority = priority
        self.sla_marks = []  # marks are per priority: the new targets may be at risk or breached anew
        self.last_activity_at = at

    def _escalate(self, admin_id: str, at: datetime) -> None:
        self.assignee_id = self.escalated_to = admin_id
        self.escalated_at = self.last_activity_at = at
        self.escalation_acknowledged = False
