"""Input values of time: hours of an entry, calendar dates and months, each taken in one spelling only."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Annotated, Any

from fastapi import Path
from pydantic import BeforeValidator, PlainSerializer, WithJsonSchema

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_date(value: Any) -> Any:
    # Pydantic alone also reads numbers (Unix times) as dates.
    if isinstance(value, str) and _DATE.fullmatch(value):
        return value
    raise ValueError("must be a calendar date written YYYY-MM-DD, e.g. 2026-03-02")


Day = Annotated[date, BeforeValidator(_iso_date), WithJsonSchema({"type": "string", "format": "date"})]
"""A calendar date: ``YYYY-MM-DD``, nothing else."""

# Above zero, at most 24, two decimal places at most; a string, never a JSON number (which may lose digits).
HOURS_PATTERN = r"^(?:0*(?:[1-9]|1[0-9]|2[0-3])(?:\.[0-9]{1,2})?|0*24(?:\.00?)?|0*\.(?:0[1-9]|[1-9][0-9]?))$"
_HOURS = re.compile(HOURS_PATTERN)


def _hours(value: Any) -> Any:
    if isinstance(value, str) and len(value) <= 20 and _HOURS.fullmatch(value):
        return Decimal(value)
    raise ValueError('must be hours as a string: above zero, at most 24, two decimals at most (e.g. "1.5")')


EntryHours = Annotated[
    Decimal,
    BeforeValidator(_hours),
    WithJsonSchema(
        {"type": "string", "pattern": HOURS_PATTERN, "maxLength": 20, "description": 'Hours worked, e.g. "1.5"'}
    ),
]
"""The hours of one entry, as a decimal string."""

MONTH_PATTERN = r"^[0-9]{4}-(0[1-9]|1[0-2])$"
MonthPath = Annotated[str, Path(pattern=MONTH_PATTERN, description="A calendar month, YYYY-MM")]
HoursOut = Annotated[
    Decimal,
    PlainSerializer(lambda hours: f"{hours:.2f}", return_type=str, when_used="json"),
    WithJsonSchema({"type": "string", "pattern": r"^-?[0-9]+\.[0-9]{2}$", "description": 'Hours, e.g. "7.50"'}),
]
"""Hours in an answer: a string with two decimals."""
