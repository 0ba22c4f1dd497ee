"""How billing's values are stored in events and snapshots (registered by BatonApplication)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from eventsourcing.persistence import Transcoding

from domain.billing.lines import Line
from domain.billing.money import Money


class MoneyAsDict(Transcoding):
    """Money as {"amount": "12.30", "currency": "EUR"}: the amount a string, never a float."""

    type = Money
    name = "money"

    def encode(self, obj: Money) -> dict[str, str]:
        return obj.to_json()

    def decode(self, data: dict[str, str]) -> Money:
        return Money(Decimal(data["amount"]), data["currency"])


class LineAsDict(Transcoding):
    """A line item as a dict whose unit price and numbers use their own transcodings."""

    type = Line
    name = "line"

    def encode(self, obj: Line) -> dict[str, Any]:
        return {
            "description": obj.description,
            "quantity": obj.quantity,
            "unit_price": obj.unit_price,
            "tax_rate": obj.tax_rate,
        }

    def decode(self, data: dict[str, Any]) -> Line:
        return Line(data["description"], data["quantity"], data["unit_price"], data["tax_rate"])


class DateAsISO(Transcoding):
    """A calendar date (a due date, a valid-until date) as '2026-03-31'; the library has none."""

    type = date
    name = "date_iso"

    def encode(self, obj: date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> date:
        return date.fromisoformat(data)


TRANSCODINGS: tuple[Transcoding, ...] = (MoneyAsDict(), LineAsDict(), DateAsISO())
