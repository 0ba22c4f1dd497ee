"""Timers: a process schedules a command for a time; a runner fires it once when it is due.

A slice uses ``Deadlines`` to schedule, reschedule and cancel, and registers a
``Handler`` for its purpose in ``TimerHandlers`` (wired in baton/process_wiring.py).
"""

from processes.timers.deadline import (
    CANCELLED,
    FAILED,
    FIRED,
    SCHEDULED,
    Deadline,
    Handler,
    TimerHandlers,
    deadline_id,
)
from processes.timers.runner import MAX_ATTEMPTS, TIMER_ACTOR, DeadlineRunner, Firing
from processes.timers.store import WAKE_CHANNEL, Deadlines, ensure_schema

__all__ = [
    "CANCELLED",
    "FAILED",
    "FIRED",
    "MAX_ATTEMPTS",
    "SCHEDULED",
    "TIMER_ACTOR",
    "WAKE_CHANNEL",
    "Deadline",
    "DeadlineRunner",
    "Deadlines",
    "Firing",
    "Handler",
    "TimerHandlers",
    "deadline_id",
    "ensure_schema",
]
