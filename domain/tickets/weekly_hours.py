"""A weekly schedule of open hours, in local time, Monday first."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import time

from domain.errors import InvalidInput

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_DAY = 24 * 60
_WEEK = 7 * _DAY

Shift = tuple[time, time]


def _minutes(moment: time) -> int:
    return moment.hour * 60 + moment.minute


def _parse(text: str) -> time:
    try:
        parsed = time.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput(f"'{text}' is not a time of day such as '09:00'.") from None
    if parsed.second or parsed.microsecond or parsed.tzinfo:
        raise InvalidInput(f"'{text}': open hours are whole minutes in local time, such as '09:00'.")
    return parsed


@dataclass(frozen=True)
class WeeklyHours:
    """Open shifts per weekday; a shift ending at or before its start runs past midnight."""

    days: tuple[tuple[Shift, ...], ...]

    def __post_init__(self) -> None:
        if len(self.days) != 7:
            raise InvalidInput("Open hours list the seven days of the week, Monday first.")
        spans: list[tuple[int, int]] = []
        for index, shifts in enumerate(self.days):
            for start, end in shifts:
                if start.second or start.microsecond or end.second or end.microsecond or start.tzinfo or end.tzinfo:
                    raise InvalidInput("Open hours are whole minutes in local time.")
                if start == end and start != time.min:
                    raise InvalidInput(f"A shift on {DAY_NAMES[index]} starts and ends at {start:%H:%M}.")
                first = index * _DAY + _minutes(start)
                length = (_minutes(end) - _minutes(start)) % _DAY or _DAY
                spans.append((first, first + length))
        if not spans:
            raise InvalidInput("The desk needs some open hours in the week.")
        # Shifts may not overlap, Sunday night's shift running into Monday included.
        spans.sort()
        wrapped = [*spans, (spans[0][0] + _WEEK, spans[0][1] + _WEEK)]
        for (_, ends), (begins, _) in zip(wrapped, wrapped[1:], strict=False):
            if begins < ends:
                raise InvalidInput("Two shifts in the open hours overlap.")

    def on(self, weekday: int) -> tuple[Shift, ...]:
        """The shifts starting on ``weekday`` (0 is Monday)."""
        return self.days[weekday]

    @classmethod
    def weekdays(cls, start: str = "09:00", end: str = "17:00") -> WeeklyHours:
        """The same hours Monday to Friday, closed at the weekend."""
        shift = (_parse(start), _parse(end))
        return cls(days=tuple(((shift,) if day < 5 else ()) for day in range(7)))

    @classmethod
    def from_data(cls, data: Mapping[str, Sequence[Sequence[str]]]) -> WeeklyHours:
        """From ``{"mon": [["09:00", "17:00"]], ...}``; a day not named is closed."""
        unknown = set(data) - set(DAY_NAMES)
        if unknown:
            raise InvalidInput(
                f"Unknown day(s) in open hours: {', '.join(sorted(unknown))}; use {', '.join(DAY_NAMES)}."
            )
        days: list[tuple[Shift, ...]] = []
        for name in DAY_NAMES:
            shifts = []
            for pair in data.get(name, ()):
                if len(pair) != 2:
                    raise InvalidInput(f"A shift on {name} is a start and an end, such as ['09:00', '17:00'].")
                shifts.append((_parse(pair[0]), _parse(pair[1])))
            days.append(tuple(sorted(shifts)))
        return cls(days=tuple(days))

    def as_data(self) -> dict[str, list[list[str]]]:
        """The JSON form events record."""
        return {
            DAY_NAMES[index]: [[f"{start:%H:%M}", f"{end:%H:%M}"] for start, end in shifts]
            for index, shifts in enumerate(self.days)
            if shifts
        }
