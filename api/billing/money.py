"""Money in JSON: exact decimal strings (or whole numbers) in, strings out; a float is refused, never rounded."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, Field, WithJsonSchema

from api.schemas import StrictInput
from domain.billing.currencies import MINOR_UNITS
from domain.billing.lines import MAX_DESCRIPTION, MAX_LINES, Line
from domain.billing.money import LIMIT, Money

_TOO_BIG = int(LIMIT) - 1


def _pattern(places: int) -> str:
    return "^[0-9]{1,15}" + (f"(\\.[0-9]{{1,{places}}})?$" if places else "$")


def _reader(places: int) -> Callable[[object], Decimal]:
    """Reads a Decimal from a string like '12.30' (at most ``places`` decimals) or a whole number; never a float."""
    pattern = _pattern(places)
    matcher = re.compile(pattern)

    def read(value: object) -> Decimal:
        if isinstance(value, bool | float):
            raise ValueError("must be an exact decimal: a string such as '12.30' or a whole number, never a float")
        if isinstance(value, int) and 0 <= value <= _TOO_BIG:
            return Decimal(value)
        if isinstance(value, str) and matcher.fullmatch(value):
            return Decimal(value)
        raise ValueError(f"must be a decimal string matching {pattern} (or a whole number)")

    return read


def _schema(places: int) -> dict[str, Any]:
    return {
        "anyOf": [
            {"type": "string", "pattern": _pattern(places), "examples": ["1190.00"]},
            {"type": "integer", "minimum": 0, "maximum": _TOO_BIG},
        ]
    }


Amount = Annotated[Decimal, BeforeValidator(_reader(6)), WithJsonSchema(_schema(6))]
"""A non-negative amount; its currency decides how many decimals it may have (checked with the currency)."""
Quantity = Annotated[Decimal, BeforeValidator(_reader(6)), WithJsonSchema(_schema(6))]
TaxRate = Annotated[Decimal, BeforeValidator(_reader(4)), WithJsonSchema(_schema(4))]
Hours = Annotated[Decimal, BeforeValidator(_reader(2)), WithJsonSchema(_schema(2))]


def _known_currency(value: str) -> str:
    if value not in MINOR_UNITS:
        raise ValueError("is not an ISO 4217 currency code Baton accepts (for example EUR, USD, JPY)")
    return value


Currency = Annotated[
    str,
    AfterValidator(_known_currency),
    WithJsonSchema({"type": "string", "enum": sorted(MINOR_UNITS), "examples": ["EUR"]}),
]


def _text(value: object) -> str:
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, str):
        return value
    raise ValueError("must be an exact decimal")


DecimalText = Annotated[
    str,
    BeforeValidator(_text),
    WithJsonSchema({"type": "string", "pattern": "^-?[0-9]+(\\.[0-9]+)?$", "examples": ["1190.00"]}),
]
"""An amount (or quantity, rate, hours) as an exact decimal string."""


class LineIn(StrictInput):
    """One priced line of a proposal or invoice."""

    description: Annotated[str, Field(min_length=1, max_length=MAX_DESCRIPTION)]
    quantity: Quantity = Field(description="How many (hours, items): a decimal string, at most 6 decimals")
    unit_price: Amount = Field(description="Price of one, in the document's currency: a decimal string")
    tax_rate: TaxRate | None = Field(default=None, description="Tax in percent (0 to 100), if any")


Lines = Annotated[list[LineIn], Field(min_length=1, max_length=MAX_LINES)]


def lines_of(lines: list[LineIn], currency: str) -> tuple[Line, ...]:
    """The domain's lines (the domain checks decimals against the currency and refuses what it must)."""
    return tuple(Line(li.description, li.quantity, Money.of(li.unit_price, currency), li.tax_rate) for li in lines)


class LineOut(BaseModel):
    """A priced line with its net amount and tax, every number an exact decimal string."""

    description: str
    quantity: DecimalText
    unit_price: DecimalText
    tax_rate: DecimalText | None
    net: DecimalText
    tax: DecimalText


def lines_out(stored: str) -> list[LineOut]:
    return [LineOut.model_validate(line) for line in json.loads(stored)]


def taxes_out(stored: str) -> dict[str, str]:
    taxes: dict[str, str] = json.loads(stored)
    return taxes


def line_out(line: Line) -> LineOut:
    return LineOut(
        description=line.description,
        quantity=format(line.quantity, "f"),
        unit_price=format(line.unit_price.amount, "f"),
        tax_rate=None if line.tax_rate is None else format(line.tax_rate, "f"),
        net=format(line.net.amount, "f"),
        tax=format(line.tax.amount, "f"),
    )
