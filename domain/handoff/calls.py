"""After handoff: the 30-day window, and an enterprise client's monthly call on the same day each month.

Pure functions of dates, for the aggregate's rules and the process that keeps
the timers: the call after any day, the reminder a few days before it (when
support asks the client for a topic), and whether a day is a call day.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from domain.billing.calendar import add_months
from domain.errors import InvalidInput

WINDOW = timedelta(days=30)
DEFAULT_REMINDER_DAYS = 5
MAX_REMINDER_DAYS = 20
CALL_AT = time(9, 0)  # reminders go out at 09:00 UTC on their day


def window_closes_at(handed_off_at: datetime) -> datetime:
    """When the 30 days under standard terms after handoff end."""
    return handed_off_at + WINDOW


def check_reminder_days(days: int) -> int:
    """How many days before a call the client is asked for a topic: 1 to 20."""
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_REMINDER_DAYS:
        raise InvalidInput(f"The reminder comes 1 to {MAX_REMINDER_DAYS} days before the call.")
    return days


def call_on(first_call: date, index: int) -> date:
    """The ``index``-th call (0 is the first): the first call's day of the month, or the month's last day."""
    return add_months(first_call, index)


def next_call(first_call: date, after: date) -> date:
    """The first call on or after ``after``."""
    if after <= first_call:
        return first_call
    index = (after.year - first_call.year) * 12 + after.month - first_call.month
    while call_on(first_call, index) < after:
        index += 1
    return call_on(first_call, index)


def calls_between(first_call: date, start: date, end: date) -> list[date]:
    """Every call on or after ``start`` and before ``end``."""
    found, day = [], next_call(first_call, start)
    while day < end:
        found.append(day)
        day = next_call(first_call, day + timedelta(days=1))
    return found


def is_call_day(first_call: date, day: date) -> bool:
    """``day`` is one of the calls."""
    return next_call(first_call, day) == day


def reminder_at(call: date, reminder_days: int) -> datetime:
    """When the client is asked for a topic for the call on ``call``."""
    return datetime.combine(call - timedelta(days=reminder_days), CALL_AT, tzinfo=UTC)
