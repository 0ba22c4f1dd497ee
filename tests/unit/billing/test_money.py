"""Money: exact amounts per currency, rounded half-up once per line, never mixed, never float."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.billing.currencies import MINOR_UNITS
from domain.billing.errors import CurrencyMismatch
from domain.billing.lines import Line, rate_key, totals
from domain.billing.money import Money
from domain.errors import InvalidInput


@pytest.mark.parametrize(
    ("amount", "currency", "expected"),
    [
        ("2.345", "EUR", "2.35"),
        ("2.344", "EUR", "2.34"),
        ("-2.345", "EUR", "-2.35"),
        ("2.5", "JPY", "3"),
        ("2.4", "JPY", "2"),
        ("1.0005", "KWD", "1.001"),
        ("1.0005", "BHD", "1.001"),
        ("0.005", "USD", "0.01"),
    ],
)
def test_amounts_round_half_up_to_the_currency_minor_units_when_rounded(
    amount: str, currency: str, expected: str
) -> None:
    assert str(Money.rounded(amount, currency).amount) == expected


@pytest.mark.parametrize(("amount", "currency"), [("1.005", "EUR"), ("1.5", "JPY"), ("0.0001", "KWD")])
def test_an_exact_amount_is_refused_when_it_has_more_decimals_than_its_currency(amount: str, currency: str) -> None:
    with pytest.raises(InvalidInput, match="more decimal places"):
        Money.of(amount, currency)


def test_amounts_are_kept_at_the_currency_minor_units_when_given_fewer_decimals() -> None:
    assert Money.of("12.3", "EUR").to_json() == {"amount": "12.30", "currency": "EUR"}
    assert Money.of("1200", "JPY").to_json() == {"amount": "1200", "currency": "JPY"}
    assert Money.of("-0.00", "EUR").to_json() == {"amount": "0.00", "currency": "EUR"}


@pytest.mark.parametrize(
    "make",
    [
        lambda: Money(1.5, "EUR"),  # type: ignore[arg-type]
        lambda: Money.of(0.1, "EUR"),  # type: ignore[arg-type]
        lambda: Money.rounded(2.345, "EUR"),  # type: ignore[arg-type]
        lambda: Money.of("1", "EUR").times(0.5),  # type: ignore[arg-type]
        lambda: Money.of("1", "EUR").percent(19.0),  # type: ignore[arg-type]
        lambda: Line("Hosting", 1.5, Money.of("1", "EUR")),  # type: ignore[arg-type]
        lambda: Line("Hosting", Decimal(1), Money.of("1", "EUR"), 19.0),  # type: ignore[arg-type]
    ],
)
def test_a_float_is_refused_when_it_reaches_the_money_path(make: object) -> None:
    with pytest.raises(InvalidInput, match="exact decimal"):
        make()  # type: ignore[operator]


@pytest.mark.parametrize("bad", ["NaN", "Infinity", "-Infinity", "1e20", "twelve"])
def test_a_non_finite_huge_or_unreadable_amount_is_refused_when_constructed(bad: str) -> None:
    with pytest.raises(InvalidInput):
        Money.of(bad, "EUR")


@pytest.mark.parametrize("currency", ["", "eur", "EURO", "XXX", "XAU", 978])
def test_an_unknown_currency_is_refused_when_constructed(currency: object) -> None:
    with pytest.raises(InvalidInput, match="ISO 4217"):
        Money.of("1", currency)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "mix",
    [
        lambda a, b: a + b,
        lambda a, b: a - b,
        lambda a, b: a < b,
        lambda a, b: a >= b,
        lambda a, b: Money.total([a, b], "EUR"),
    ],
)
def test_arithmetic_is_refused_when_currencies_are_mixed(mix: object) -> None:
    with pytest.raises(CurrencyMismatch, match="different currencies never mix"):
        mix(Money.of("1.00", "EUR"), Money.of("1.00", "USD"))  # type: ignore[operator]


@pytest.mark.parametrize(
    ("quantity", "rate", "description", "message"),
    [
        ("0.0000001", None, "Hosting", "more than 6 decimal places"),
        ("1", "19.00001", "Hosting", "more than 4 decimal places"),
        ("0", None, "Hosting", "greater than zero"),
        ("1", "100.01", "Hosting", "between 0 and 100"),
        ("1", None, "Host\x00ing", "without NUL"),
        ("1", None, "x" * 2001, "at most 2000"),
        ("1", None, "  ", "needs a description"),
    ],
)
def test_a_line_is_refused_when_its_quantity_rate_or_description_cannot_be_billed(
    quantity: str, rate: str | None, description: str, message: str
) -> None:
    with pytest.raises(InvalidInput, match=message):
        Line(description, Decimal(quantity), Money.of("1", "EUR"), None if rate is None else Decimal(rate))


def test_amounts_in_different_currencies_are_never_equal_when_compared() -> None:
    assert Money.of("1", "EUR") != Money.of("1", "USD")
    assert Money.of("1.0", "EUR") == Money.of("1.00", "EUR")


def test_a_line_is_refused_when_priced_in_another_currency_than_its_document() -> None:
    with pytest.raises(CurrencyMismatch, match="priced in USD"):
        totals([Line("Audit", Decimal(1), Money.of("10", "USD"))], "EUR")


def test_totals_round_each_line_then_sum_when_lines_have_fractions_of_a_cent() -> None:
    # 10% of 0.335 is 0.0335, rounded per line to 0.034: three lines owe 0.102 in tax,
    # where rounding the exact sum (0.1005) once would have given 0.101.
    lines = [Line("Hours", Decimal("1"), Money.of("0.335", "KWD"), Decimal("10")) for _ in range(3)]
    sums = totals(lines, "KWD")
    assert sums.subtotal == Money.of("1.005", "KWD")
    assert sums.taxes == {"10": Money.of("0.102", "KWD")}  # 0.0335 -> 0.034 per line, three times
    assert sums.total == Money.of("1.107", "KWD")


def test_taxes_are_totalled_per_rate_when_lines_carry_different_rates() -> None:
    eur = "EUR"
    lines = [
        Line("Design", Decimal(1), Money.of("100", eur), Decimal("19")),
        Line("Books", Decimal(2), Money.of("10", eur), Decimal("7.0")),
        Line("Licence", Decimal(1), Money.of("50", eur), Decimal("19.00")),
        Line("Export", Decimal(1), Money.of("30", eur)),
    ]
    sums = totals(lines, eur)
    assert sums.taxes == {"7": Money.of("1.40", eur), "19": Money.of("28.50", eur)}
    assert sums.subtotal == Money.of("200", eur)
    assert sums.total == Money.of("229.90", eur)


CURRENCIES = st.sampled_from(["EUR", "USD", "JPY", "KWD", "BHD", "CLF", "CHF"])
RATES = st.sampled_from([None, Decimal("0"), Decimal("7"), Decimal("19"), Decimal("20"), Decimal("5.5")])


@st.composite
def priced_lines(draw: st.DrawFn) -> tuple[str, list[Line]]:
    currency = draw(CURRENCIES)
    places = MINOR_UNITS[currency]
    lines = []
    for index in range(draw(st.integers(min_value=1, max_value=12))):
        quantity = Decimal(draw(st.integers(min_value=1, max_value=100_000))).scaleb(-3)
        price = Decimal(draw(st.integers(min_value=-100_000, max_value=10_000_000))).scaleb(-places)
        lines.append(Line(f"line {index}", quantity, Money(price, currency), draw(RATES)))
    return currency, lines


def _half_up(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


@given(priced_lines())
def test_the_total_is_the_sum_of_the_rounded_lines_when_any_lines_are_priced(case: tuple[str, list[Line]]) -> None:
    currency, lines = case
    places = MINOR_UNITS[currency]
    nets = [_half_up(line.quantity * line.unit_price.amount, places) for line in lines]
    taxes = [
        _half_up(net * line.tax_rate / 100, places) if line.tax_rate is not None else None
        for net, line in zip(nets, lines, strict=True)
    ]
    sums = totals(lines, currency)
    assert sums.subtotal == Money(sum(nets, Decimal(0)), currency)
    for rate, amount in sums.taxes.items():
        expected = sum(
            (
                t
                for t, ln in zip(taxes, lines, strict=True)
                if t is not None and ln.tax_rate is not None and rate_key(ln.tax_rate) == rate
            ),
            Decimal(0),
        )
        assert amount == Money(expected, currency)
    assert sums.total == Money(sum(nets, Decimal(0)) + sum((t for t in taxes if t is not None), Decimal(0)), currency)
    assert sums.total.amount == sums.total.amount.quantize(Decimal(1).scaleb(-places))


@given(CURRENCIES, st.integers(min_value=-(10**9), max_value=10**9))
def test_a_value_exactly_halfway_rounds_away_from_zero_when_rounded(currency: str, units: int) -> None:
    places = MINOR_UNITS[currency]
    halfway = (Decimal(units) + Decimal("0.5")).scaleb(-places)
    rounded = Money.rounded(halfway, currency).amount
    assert abs(rounded) > abs(halfway) or halfway == 0
    assert abs(rounded - halfway) == Decimal("0.5").scaleb(-places)
