"""How a priced document's lines and taxes are kept in a row: JSON text with every amount a string."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

from domain.billing.lines import Line
from domain.billing.money import Money


def lines_json(lines: Sequence[Line]) -> str:
    """The lines as JSON: description, quantity, unit price, tax rate, and each line's net and tax."""
    return json.dumps(
        [
            {
                "description": line.description,
                "quantity": str(line.quantity),
                "unit_price": str(line.unit_price.amount),
                "tax_rate": None if line.tax_rate is None else str(line.tax_rate),
                "net": str(line.net.amount),
                "tax": str(line.tax.amount),
            }
            for line in lines
        ]
    )


def taxes_json(taxes: Mapping[str, Money]) -> str:
    """Tax per rate as JSON: {"19": "190.00"}."""
    return json.dumps({rate: str(amount.amount) for rate, amount in taxes.items()})
