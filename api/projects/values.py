"""Input values delivery shares: calendar dates and hours, each taken in one spelling only."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Annotated, Any

from pydantic import BeforeValidator, WithJsonSchema

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_date(value: Any) -> Any:
    # Pydantic alone also reads numbers (Unix times) as dates.
    if isinstance(value, str) and _DATE.fullmatch(value):
        return value
    raise ValueError("must be a calendar date written YYYY-MM-DD, e.g. 2026-03-02")


IsoDate = Annotated[date, BeforeValidator(_iso_date), WithJsonSchema({"type": "string", "format": "date"})]
"""A calendar date: ``YYYY-MM-DD``, nothing else."""

# More than zero, at most 999999.99, at most two decimal places; a string, as every amount Baton takes.
HOURS_PATTERN = r"^(0*[1-9][0-9]{0,5}(\.[0-9]{1,2})?|0*\.(0[1-9]|[1-9][0-9]?))$"
_HOURS = re.compile(HOURS_PATTERN)


def _hours(value: Any) -> Any:
    if isinstance(value, str) and len(value) <= 20 and _HOURS.fullmatch(value):
        return Decimal(value)
    raise ValueError('must be hours as a string: above zero, at most 999999.99, two decimals at most (e.g. "7.5")')


Hours = Annotated[
    Decimal,
    BeforeValidator(_hours),
    WithJsonSchema({"type": "string", "pattern": HOURS_PATTERN, "maxLength": 20, "description": 'Hours, e.g. "7.5"'}),
]
"""Hours in a body: a decimal string (never a JSON number, which may lose digits)."""
