"""Gapless document numbers: one NumberSeries aggregate per series and year.

The series' own version sequence is the guard. Taking a number appends an
event at the series' next version, saved in the same transaction as the
document that takes it. Two concurrent takers both append at that version:
the store accepts one, refuses the other whole (document included), and the
refused one reloads and takes the next number. A refused command saves
nothing, so it consumes no number; a saved number is never given again.
"""

from __future__ import annotations

from datetime import date
from uuid import UUID

from domain.aggregate import BatonAggregate
from domain.billing.ids import series_id
from domain.context import CommandContext

INVOICES = "INV"
CREDIT_NOTES = "CN"


def series_for(prefix: str, day: date) -> str:
    """The series a document issued on ``day`` takes its number from (``INV-2026``)."""
    return f"{prefix}-{day.year}"


class NumberSeries(BatonAggregate):
    """One gapless sequence of document numbers (``INV-2026-0001``, ``INV-2026-0002``, ...)."""

    TOPIC = "baton.invoice.NumberSeries"
    series: str
    last: int = 0

    class Event(BatonAggregate.Event):
        """Base of the number series' events."""

    class Started(Event, BatonAggregate.Created):
        """The first number of a series was about to be taken."""

        TOPIC = "baton.invoice.NumberSeriesStarted"
        series: str

    Created = Started

    class NumberTaken(Event):
        """A document took the next number of the series."""

        TOPIC = "baton.invoice.NumberTaken"
        sequence: int
        number: str
        document_id: str

        def apply(self, aggregate: NumberSeries) -> None:
            aggregate.last = self.sequence

    @classmethod
    def start(cls, ctx: CommandContext, series: str) -> NumberSeries:
        """A new series, at no number yet."""
        started: NumberSeries = cls._start(cls.Started, ctx, series_id(series), series=series)
        return started

    def take(self, ctx: CommandContext, document_id: UUID) -> str:
        """The next number, recorded as taken by ``document_id``."""
        sequence = self.last + 1
        number = f"{self.series}-{sequence:04d}"
        self._record(self.NumberTaken, ctx, sequence=sequence, number=number, document_id=str(document_id))
        return number
