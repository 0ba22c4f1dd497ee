"""Date ranges by name (today, this week, ...) and the checks on ranges a request gives."""

from __future__ import annotations

from datetime import date, timedelta

from api.problems import ProblemError
from api.time.schemas import TimeRangePreset

MAX_DAYS = 366


def preset_range(preset: TimeRangePreset, today: date) -> tuple[date, date]:
    """The first and last day of a named range (weeks run Monday to Sunday)."""
    monday = today - timedelta(days=today.weekday())
    if preset is TimeRangePreset.TODAY:
        return today, today
    if preset is TimeRangePreset.LAST_WEEK:
        return monday - timedelta(days=7), monday - timedelta(days=1)
    if preset is TimeRangePreset.THIS_MONTH:
        following = (today.replace(day=28) + timedelta(days=4)).replace(day=1)
        return today.replace(day=1), following - timedelta(days=1)
    return monday, monday + timedelta(days=6)


def chosen_range(
    preset: TimeRangePreset | None, first: date | None, last: date | None, today: date
) -> tuple[TimeRangePreset, date, date]:
    """The range a list asks for: ``from`` and ``to`` make it custom; no preset means this week."""
    if first is not None or last is not None or preset is TimeRangePreset.CUSTOM:
        if first is None or last is None:
            raise ProblemError(422, "Invalid range", "A custom range needs both 'from' and 'to' (YYYY-MM-DD).")
        return TimeRangePreset.CUSTOM, *checked(first, last)
    chosen = preset or TimeRangePreset.THIS_WEEK
    return chosen, *preset_range(chosen, today)


def checked(first: date, last: date, limit: int = MAX_DAYS) -> tuple[date, date]:
    if last < first:
        raise ProblemError(422, "Invalid range", f"'to' ({last}) is before 'from' ({first}).")
    if (last - first).days + 1 > limit:
        raise ProblemError(422, "Invalid range", f"A range spans at most {limit} days.")
    return first, last
