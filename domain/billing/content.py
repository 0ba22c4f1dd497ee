"""The priced content shared by proposals and invoices: lines in one currency and their totals."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from domain.billing.calendar import today
from domain.billing.lines import Line, checked_lines, totals
from domain.billing.money import Money
from domain.context import CommandContext
from domain.errors import InvalidInput

MAX_TERMS_DAYS = 365


def priced(lines: Iterable[Line], currency: str) -> dict[str, Any]:
    """The event fields of ``lines`` in ``currency``: the lines, subtotal, tax per rate and total."""
    Money.zero(currency)  # refuses an unknown currency before anything else
    checked = checked_lines(lines, currency)
    sums = totals(checked, currency)
    return {"lines": checked, "subtotal": sums.subtotal, "taxes": sums.taxes, "total": sums.total}


def title_of(title: object, what: str) -> str:
    """A non-empty, trimmed title."""
    if not isinstance(title, str) or not title.strip():
        raise InvalidInput(f"{what} needs a title.")
    return title.strip()


def date_from(value: object, earliest: date, what: str) -> date:
    """A calendar date no earlier than ``earliest``."""
    if not isinstance(value, date) or isinstance(value, datetime):
        raise InvalidInput(f"{what} must be a calendar date.")
    if value < earliest:
        raise InvalidInput(f"{what} must be {earliest} or later.")
    return value


def invoice_content(title: str, notes: str, terms: int, lines: Iterable[Line], currency: str) -> dict[str, Any]:
    """The event fields of an invoice's editable content (its draft)."""
    if isinstance(terms, bool) or not isinstance(terms, int) or not 0 <= terms <= MAX_TERMS_DAYS:
        raise InvalidInput(f"Payment terms are 0 to {MAX_TERMS_DAYS} days.")
    if not isinstance(notes, str):
        raise InvalidInput("An invoice's notes must be text.")
    fields = {"title": title_of(title, "An invoice"), "notes": notes.strip(), "payment_terms_days": terms}
    return fields | priced(lines, currency)


def proposal_content(
    ctx: CommandContext, title: str, currency: str, valid_until: date, lines: Iterable[Line]
) -> dict[str, Any]:
    """The event fields of a proposal's editable content: valid from today on."""
    valid = date_from(valid_until, today(ctx), "A proposal's valid-until date")
    return {"title": title_of(title, "A proposal"), "valid_until": valid, **priced(lines, currency)}
