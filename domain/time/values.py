"""Checks on the plain values of time: hours, entry dates, months, date ranges."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from domain.errors import InvalidInput

MAX_HOURS = Decimal(24)
CENT = Decimal("0.01")
MAX_NOTE = 2_000
MAX_LOCK_DAYS = 366


def hours_of(value: object) -> Decimal:
    """Hours as logged: a Decimal above zero, at most 24, in hundredths of an hour at most."""
    if isinstance(value, bool | float) or not isinstance(value, Decimal | int | str):
        raise InvalidInput(f"Hours are a decimal number such as 1.5, not {value!r}.")
    try:
        hours = Decimal(value)
        finite = hours.is_finite()
    except (InvalidOperation, ValueError):
        raise InvalidInput(f"Hours are a decimal number such as 1.5, not {value!r}.") from None
    if not finite:
        raise InvalidInput("Hours must be a finite number.")
    if hours <= 0:
        raise InvalidInput(f"Hours must be more than zero, not {hours}.")
    if hours > MAX_HOURS:
        raise InvalidInput(f"One entry can hold at most {MAX_HOURS} hours, not {hours}.")
    if hours != hours.quantize(CENT):
        raise InvalidInput(f"Hours have at most two decimal places (0.25 for a quarter hour), not {hours}.")
    return hours.quantize(CENT)


def day_of(text: str) -> date:
    """The date an event recorded as ISO 8601."""
    return date.fromisoformat(text)


@dataclass(frozen=True, order=True)
class Month:
    """A calendar month, written ``YYYY-MM``."""

    year: int
    month: int

    @classmethod
    def of(cls, day: date) -> Month:
        return cls(day.year, day.month)

    @classmethod
    def parse(cls, text: str) -> Month:
        try:
            year, month = text.split("-")
            parsed = cls(int(year), int(month))
            date(parsed.year, parsed.month, 1)
        except ValueError:
            raise InvalidInput(f"A month is written YYYY-MM, such as 2026-10, not '{text}'.") from None
        if len(year) != 4 or len(month) != 2:
            raise InvalidInput(f"A month is written YYYY-MM, such as 2026-10, not '{text}'.")
        return parsed

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def first(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def last(self) -> date:
        return self.next().first - timedelta(days=1)

    def next(self) -> Month:
        return Month(self.year + self.month // 12, self.month % 12 + 1)

    def previous(self) -> Month:
        return Month(self.year - (self.month == 1), (self.month - 2) % 12 + 1)

    def day(self, n: int) -> date:
        """The ``n``-th day of the month."""
        return date(self.year, self.month, n)


def months_between(start: date, end: date) -> list[Month]:
    """Every month the range ``start``..``end`` (both included) touches, in order."""
    months, month = [], Month.of(start)
    while month <= Month.of(end):
        months.append(month)
        month = month.next()
    return months


def check_range(start: date, end: date) -> None:
    """A lockable range: start not after end, at most ``MAX_LOCK_DAYS`` days."""
    if end < start:
        raise InvalidInput(f"A period ends on or after its start; {end} is before {start}.")
    if (end - start).days + 1 > MAX_LOCK_DAYS:
        raise InvalidInput(f"A period locked at once spans at most {MAX_LOCK_DAYS} days; lock it in parts.")


def note_of(text: str) -> str:
    """A note trimmed, at most ``MAX_NOTE`` characters."""
    note = text.strip()
    if len(note) > MAX_NOTE:
        raise InvalidInput(f"A note holds at most {MAX_NOTE} characters.")
    return note
