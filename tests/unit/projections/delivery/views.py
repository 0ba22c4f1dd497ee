"""Builder: fold an agency's whole log into a view, one event per batch or in bigger batches."""

from __future__ import annotations

from projections.engine import MemoryWriter, Projection, replay
from tests.unit.delivery.agency import Agency
from tests.unit.projections.log import events_of


def fold(agency: Agency, view: Projection, writer: MemoryWriter | None = None, *, batch: int = 1) -> MemoryWriter:
    return replay(view, events_of(agency.app), writer, batch=batch)


def same_in_any_batching(agency: Agency, view: Projection) -> bool:
    """One event per batch, a few, all at once, and folding the log twice all give the same rows."""
    one, few, whole = fold(agency, view), fold(agency, view, batch=3), fold(agency, view, batch=10_000)
    twice = fold(agency, view, fold(agency, view), batch=7)
    return all(one.rows(t.name) == few.rows(t.name) == whole.rows(t.name) == twice.rows(t.name) for t in view.tables)
