"""Calendar arithmetic billing needs: today's date from the command's time, month steps."""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime, time

from domain.context import CommandContext


def today(ctx: CommandContext) -> date:
    """The command's date, in UTC (the time zone every billing date is counted in)."""
    return ctx.now.astimezone(UTC).date()


def start_of(day: date) -> datetime:
    """Midnight UTC at the start of ``day``."""
    return datetime.combine(day, time(0), tzinfo=UTC)


def add_months(day: date, months: int) -> date:
    """``day`` moved by ``months`` calendar months, kept within the month (31 Jan + 1 month = 28/29 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))
