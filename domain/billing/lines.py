"""Line items and the totals computed from them: each line rounded, then the lines summed."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from domain.billing.errors import CurrencyMismatch
from domain.billing.money import Money, exact_decimal
from domain.errors import InvalidInput

MAX_LINES = 200
MAX_DESCRIPTION = 2000
# Enough for hours in hundredths or unit counts in thousandths; with these the
# one rounding of quantity x price is always exact before it happens.
QUANTITY_PLACES = 6
RATE_PLACES = 4


def _places_at_most(value: Decimal, places: int, what: str) -> Decimal:
    if value != value.quantize(Decimal(1).scaleb(-places)):
        raise InvalidInput(f"{what} has more than {places} decimal places.")
    return value


@dataclass(frozen=True)
class Line:
    """One priced line: what, how many, at what unit price, with an optional tax rate in percent."""

    description: str
    quantity: Decimal
    unit_price: Money
    tax_rate: Decimal | None = None

    def __post_init__(self) -> None:
        description = self.description.strip() if isinstance(self.description, str) else ""
        if not description:
            raise InvalidInput("Every line needs a description.")
        if len(description) > MAX_DESCRIPTION or "\x00" in description:
            raise InvalidInput(f"A line's description is text of at most {MAX_DESCRIPTION} characters, without NUL.")
        quantity = _places_at_most(exact_decimal(self.quantity, "A quantity"), QUANTITY_PLACES, "A quantity")
        if quantity <= 0:
            raise InvalidInput(f"The quantity of '{description}' must be greater than zero.")
        if not isinstance(self.unit_price, Money):
            raise InvalidInput(f"The unit price of '{description}' must be Money.")
        rate = None if self.tax_rate is None else exact_decimal(self.tax_rate, "A tax rate")
        if rate is not None:
            _places_at_most(rate, RATE_PLACES, "A tax rate")
        if rate is not None and not 0 <= rate <= 100:
            raise InvalidInput(f"The tax rate of '{description}' must be between 0 and 100 percent.")
        object.__setattr__(self, "description", description)
        object.__setattr__(self, "quantity", quantity)
        object.__setattr__(self, "tax_rate", rate)

    @property
    def net(self) -> Money:
        """Quantity times unit price, rounded to the currency's minor units."""
        return self.unit_price.times(self.quantity)

    @property
    def tax(self) -> Money:
        """The tax on this line's rounded net amount, itself rounded (zero without a rate)."""
        return self.net.percent(self.tax_rate) if self.tax_rate is not None else Money.zero(self.unit_price.currency)


def rate_key(rate: Decimal) -> str:
    """A tax rate as the key of the per-rate totals: '19', '7.5' (one spelling per rate)."""
    return format(rate.normalize(), "f")


@dataclass(frozen=True)
class Totals:
    """Subtotal, tax per rate and total of a set of lines, in one currency."""

    subtotal: Money
    total: Money
    taxes: dict[str, Money] = field(default_factory=dict)


def checked_lines(lines: Iterable[Line], currency: str) -> list[Line]:
    """``lines`` as a list, refused if any is not a Line in ``currency`` or there are too many."""
    result = list(lines)
    if len(result) > MAX_LINES:
        raise InvalidInput(f"A document holds at most {MAX_LINES} lines.")
    for line in result:
        if not isinstance(line, Line):
            raise InvalidInput("Every line must be a Line.")
        if line.unit_price.currency != currency:
            msg = f"The line '{line.description}' is priced in {line.unit_price.currency}, the document in {currency}."
            raise CurrencyMismatch(msg)
    return result


def totals(lines: Sequence[Line], currency: str) -> Totals:
    """Round every line, then sum: the totals a client can re-add from the printed lines."""
    lines = checked_lines(lines, currency)
    subtotal = Money.total((line.net for line in lines), currency)
    taxes: dict[str, Money] = {}
    for line in lines:
        if line.tax_rate is not None:
            key = rate_key(line.tax_rate)
            taxes[key] = taxes.get(key, Money.zero(currency)) + line.tax
    ordered = {key: taxes[key] for key in sorted(taxes, key=Decimal)}
    return Totals(subtotal=subtotal, total=Money.total(ordered.values(), currency) + subtotal, taxes=ordered)
