"""Checks on plain values that several delivery records share: text, emails, dates, hours."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import TypeVar

from domain.errors import InvalidInput
from domain.users.roles import normalise_email

MAX_HOURS = Decimal("999999.99")
E = TypeVar("E", bound=StrEnum)


def required(text: str, message: str) -> str:
    """``text`` trimmed; ``message`` as InvalidInput when nothing is left."""
    trimmed = text.strip()
    if not trimmed:
        raise InvalidInput(message)
    return trimmed


def email_or_blank(address: str, what: str) -> str:
    """A normalised email address, or "" when none is given."""
    normalised = normalise_email(address)
    if not normalised:
        return ""
    local, _, domain = normalised.partition("@")
    if not local or "." not in domain or " " in normalised or domain.startswith(".") or domain.endswith("."):
        raise InvalidInput(f"The {what} '{address.strip()}' is not a valid email address.")
    return normalised


def iso(day: date | None) -> str:
    """How events record a calendar date: ISO 8601, or "" for none."""
    return "" if day is None else day.isoformat()


def day_of(text: str) -> date | None:
    """The date an event recorded with ``iso``."""
    return date.fromisoformat(text) if text else None


def check_dates(start: date | None, target: date | None, what: str) -> None:
    """A target date may not come before the start date."""
    if start is not None and target is not None and target < start:
        raise InvalidInput(f"The {what} target date {target} is before its start date {start}.")


def budget_hours(hours: Decimal) -> Decimal:
    """A budget in hours: more than zero, at most two decimal places, at most ``MAX_HOURS``."""
    try:
        exponent = hours.as_tuple().exponent
        finite = hours.is_finite()
    except (AttributeError, InvalidOperation):
        raise InvalidInput(f"A budget must be a decimal number of hours, not {hours!r}.") from None
    if not finite or not isinstance(exponent, int):
        raise InvalidInput("A budget must be a finite number of hours.")
    if hours <= 0:
        raise InvalidInput(f"A budget must be more than zero hours, not {hours}.")
    if hours > MAX_HOURS:
        raise InvalidInput(f"A budget can be at most {MAX_HOURS} hours, not {hours}.")
    if exponent < -2 and hours != hours.quantize(Decimal("0.01")):
        raise InvalidInput(f"A budget has at most two decimal places (hundredths of an hour), not {hours}.")
    return hours.quantize(Decimal("0.01"))


def one_of(kind: type[E], value: str, what: str) -> E:
    """``value`` as a member of ``kind``; InvalidInput naming the allowed values otherwise."""
    try:
        return kind(value)
    except ValueError:
        options = ", ".join(f"'{member.value}'" for member in kind)
        raise InvalidInput(f"'{value}' is not a {what}: use one of {options}.") from None
