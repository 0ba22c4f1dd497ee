"""Business time: when the desk is open, and how much open time lies between two moments.

A calendar is a weekly schedule in local time (an IANA time zone), minus the
public holidays of a country (and region) from the ``holidays`` package, minus
extra closed days. A shift that ends at or before it starts runs past midnight
and belongs to the day it starts on (a holiday closes the shifts that start on
it). Business time is real elapsed time inside open hours: a night shift
across a clock change counts the hours that actually passed.

Every moment in and out is timezone-aware; results are in UTC.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays

from domain.errors import InvalidInput
from domain.tickets.weekly_hours import WeeklyHours

# How many days without an open hour make the calendar one that never opens (however far the walk has gone).
_HORIZON_DAYS = 3 * 366

Interval = tuple[datetime, datetime]


@lru_cache(maxsize=256)
def _public_holidays(country: str, subdivision: str, year: int) -> frozenset[date]:
    found = holidays.country_holidays(country, subdiv=subdivision or None, years=year)
    return frozenset(found.keys())


def _aware(moment: datetime, name: str) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise InvalidInput(f"{name} must carry a time zone.")
    return moment.astimezone(UTC)


@dataclass(frozen=True)
class BusinessCalendar:
    """The desk's open hours: a weekly schedule in a time zone, less public holidays and closed days."""

    timezone: str = "Europe/Lisbon"
    hours: WeeklyHours = field(default_factory=WeeklyHours.weekdays)
    country: str = "PT"  # ISO 3166 code for public holidays; "" for none
    subdivision: str = ""  # a region of the country with its own holidays, e.g. "11" (Lisbon)
    closed_days: frozenset[date] = frozenset()

    def __post_init__(self) -> None:
        try:
            ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise InvalidInput(f"'{self.timezone}' is not an IANA time zone (such as 'Europe/Lisbon').") from None
        if self.country:
            try:
                _public_holidays(self.country, self.subdivision, 2000)
            except NotImplementedError:
                msg = f"No public holidays are known for country '{self.country}', region '{self.subdivision}'."
                raise InvalidInput(msg) from None

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def is_closed_day(self, day: date) -> bool:
        """True on a public holiday or an extra closed day: no shift starts on it."""
        if day in self.closed_days:
            return True
        return bool(self.country) and day in _public_holidays(self.country, self.subdivision, day.year)

    def shifts_starting_on(self, day: date) -> list[Interval]:
        """The open intervals (UTC) that start on local date ``day``."""
        if self.is_closed_day(day):
            return []
        zone, found = self.zone, []
        for start, end in self.hours.on(day.weekday()):
            end_day = day if time.min < end and start < end else day + timedelta(days=1)
            opens = datetime.combine(day, start, tzinfo=zone).astimezone(UTC)
            closes = datetime.combine(end_day, end, tzinfo=zone).astimezone(UTC)
            if opens < closes:
                found.append((opens, closes))
        return found

    def intervals_from(self, moment: datetime) -> Iterator[Interval]:
        """Open intervals from ``moment`` on, in order, the first clipped to start at ``moment``."""
        start = _aware(moment, "The start")
        day = start.astimezone(self.zone).date() - timedelta(days=1)  # a night shift may run into today
        since, last_open = start, day  # the calendar is never open if a whole horizon passes without a shift
        while (day - last_open).days < _HORIZON_DAYS:
            for opens, closes in self.shifts_starting_on(day):
                if closes > start:
                    yield max(opens, start), closes
                    since, last_open = closes, day
            day += timedelta(days=1)
        msg = f"The business calendar has no open hours in the {_HORIZON_DAYS} days after {since.isoformat()}."
        raise InvalidInput(msg)

    def business_time(self, start: datetime, end: datetime) -> timedelta:
        """Open time between ``start`` and ``end`` (zero when ``end`` is not after ``start``)."""
        stop = _aware(end, "The end")
        total = timedelta(0)
        if stop <= _aware(start, "The start"):
            return total
        for opens, closes in self.intervals_from(start):
            if opens >= stop:
                break
            total += min(closes, stop) - opens
        return total

    def add(self, start: datetime, amount: timedelta) -> datetime:
        """The first moment at which ``amount`` of open time has passed since ``start``."""
        if amount <= timedelta(0):
            return _aware(start, "The start")
        remaining = amount
        for opens, closes in self.intervals_from(start):
            if closes - opens >= remaining:
                return opens + remaining
            remaining -= closes - opens
        raise AssertionError("unreachable: intervals_from ends by raising")  # pragma: no cover

    def is_open(self, moment: datetime) -> bool:
        """True when the desk is open at ``moment``."""
        at = _aware(moment, "The moment")
        opens, _ = next(self.intervals_from(at))
        return opens == at

    def next_open(self, moment: datetime) -> datetime:
        """``moment`` itself when open, otherwise the next opening."""
        opens, _ = next(self.intervals_from(moment))
        return opens
