"""Money: an exact amount in one ISO 4217 currency. Never a float."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext

from domain.billing.currencies import minor_units
from domain.billing.errors import CurrencyMismatch
from domain.errors import InvalidInput

# Far above any invoice, far below what Decimal's default precision could not hold exactly.
LIMIT = Decimal(10) ** 15
# Products (quantity x price, amount x rate) are computed exactly before the one rounding.
_EXACT_DIGITS = 80


def exact_decimal(value: object, what: str) -> Decimal:
    """``value`` as a finite Decimal; a float (or anything inexact) is refused."""
    if isinstance(value, bool) or not isinstance(value, Decimal | int | str):
        kind = type(value).__name__
        raise InvalidInput(f"{what} must be an exact decimal (Decimal, int or a string such as '12.30'), not {kind}.")
    try:
        number = Decimal(value.strip() if isinstance(value, str) else value)
    except InvalidOperation:
        raise InvalidInput(f"{what} '{value}' is not a decimal number.") from None
    if not number.is_finite():
        raise InvalidInput(f"{what} must be a finite number, not {value}.")
    if abs(number) >= LIMIT:
        raise InvalidInput(f"{what} {value} is too large.")
    return number


def _places(currency: object) -> int:
    places = minor_units(currency) if isinstance(currency, str) else None
    if places is None:
        raise InvalidInput(f"'{currency}' is not an ISO 4217 currency code Baton accepts (for example EUR, USD, JPY).")
    return places


@dataclass(frozen=True)
class Money:
    """An exact amount in one currency, always held at that currency's minor units."""

    amount: Decimal
    currency: str

    def __post_init__(self) -> None:
        places = _places(self.currency)
        amount = exact_decimal(self.amount, "An amount")
        exact = amount.quantize(Decimal(1).scaleb(-places))
        if exact != amount:
            msg = f"{amount} has more decimal places than {self.currency} allows ({places}); round it first."
            raise InvalidInput(msg)
        object.__setattr__(self, "amount", exact.copy_abs() if exact.is_zero() else exact)

    @classmethod
    def of(cls, amount: Decimal | int | str, currency: str) -> Money:
        """Exactly ``amount`` (refused if it has more decimals than ``currency`` has)."""
        return cls(exact_decimal(amount, "An amount"), currency)

    @classmethod
    def rounded(cls, amount: Decimal | int | str, currency: str) -> Money:
        """``amount`` rounded half-up to ``currency``'s minor units."""
        step = Decimal(1).scaleb(-_places(currency))
        return cls(exact_decimal(amount, "An amount").quantize(step, rounding=ROUND_HALF_UP), currency)

    @classmethod
    def zero(cls, currency: str) -> Money:
        """Nothing, in ``currency``."""
        return cls(Decimal(0), currency)

    @classmethod
    def total(cls, amounts: Iterable[Money], currency: str) -> Money:
        """The sum of ``amounts``, all in ``currency`` (zero when there are none)."""
        result = cls.zero(currency)
        for amount in amounts:
            result = result + amount
        return result

    def times(self, factor: Decimal | int | str) -> Money:
        """This amount multiplied by ``factor`` (a quantity), rounded half-up once."""
        number = exact_decimal(factor, "A quantity")
        with localcontext(prec=_EXACT_DIGITS):
            return Money.rounded(self.amount * number, self.currency)

    def percent(self, rate: Decimal | int | str) -> Money:
        """``rate`` percent of this amount (a tax), rounded half-up once."""
        number = exact_decimal(rate, "A rate")
        with localcontext(prec=_EXACT_DIGITS):
            return Money.rounded(self.amount * number / 100, self.currency)

    @property
    def is_zero(self) -> bool:
        return self.amount.is_zero()

    @property
    def is_positive(self) -> bool:
        return self.amount > 0

    def to_json(self) -> dict[str, str]:
        """The API's form: the amount as a string, so no client parses it as a float."""
        return {"amount": str(self.amount), "currency": self.currency}

    def __str__(self) -> str:
        return f"{self.amount} {self.currency}"

    def _check(self, other: object, doing: str) -> Money:
        if not isinstance(other, Money):
            raise InvalidInput(f"Cannot {doing} {self} and {other!r}: only Money meets Money.")
        if other.currency != self.currency:
            msg = f"Cannot {doing} {self} and {other}: amounts in different currencies never mix."
            raise CurrencyMismatch(msg)
        return other

    def __add__(self, other: Money) -> Money:
        return Money(self.amount + self._check(other, "add").amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        return Money(self.amount - self._check(other, "subtract").amount, self.currency)

    def __neg__(self) -> Money:
        return Money(-self.amount, self.currency)

    def __lt__(self, other: Money) -> bool:
        return self.amount < self._check(other, "compare").amount

    def __le__(self, other: Money) -> bool:
        return self.amount <= self._check(other, "compare").amount

    def __gt__(self, other: Money) -> bool:
        return self.amount > self._check(other, "compare").amount

    def __ge__(self, other: Money) -> bool:
        return self.amount >= self._check(other, "compare").amount
