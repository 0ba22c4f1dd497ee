"""An in-memory writer: a projection's logic tested without PostgreSQL.

It keeps each table as a dictionary and applies what a fold hands it with the
same rules as the PostgreSQL writer: the version guard on ``Entities`` rows,
ignore-on-repeat for ``Appends``, deltas for ``Counts``. It also refuses what
PostgreSQL would silently drop: a change to a column declared ``changes=False``.

    view = replay(LeadPipeline(), events_of(app))
    assert view.rows("lead_pipeline")[0]["status"] == "contacted"
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from projections.engine.fold import Row
from projections.engine.projection import LogEvent, Projection
from projections.engine.table import Appends, Counts, Entities, Table


class MemoryWriter:
    """Tables as dictionaries keyed by primary key, for unit tests of a projection."""

    def __init__(self) -> None:
        self.tables: dict[str, dict[tuple[Any, ...], Row]] = {}

    def _table(self, table: Table) -> dict[tuple[Any, ...], Row]:
        return self.tables.setdefault(table.name, {})

    def rows(self, name: str) -> list[Row]:
        """The rows of one table in primary-key order (copies; counts of zero left out)."""
        found = self.tables.get(name, {})
        return [dict(found[key]) for key in sorted(found, key=repr)]

    def load(self, table: Entities, ids: Collection[Any]) -> list[Row]:
        stored = self._table(table)
        return [dict(stored[(i,)]) for i in ids if (i,) in stored]

    def upsert(self, table: Entities, rows: list[Row]) -> None:
        stored = self._table(table)
        for row in rows:
            new = _complete(table, row)
            old = stored.get((new[table.id],))
            if old is None:
                stored[(new[table.id],)] = new
            elif old["version"] < new["version"]:
                fixed = [c.name for c in table.columns if not c.changes and old[c.name] != new[c.name]]
                if fixed:
                    raise AssertionError(f"{table.name}: columns {fixed} changed but are declared changes=False")
                stored[(new[table.id],)] = new

    def append(self, table: Appends, rows: list[Row]) -> None:
        stored = self._table(table)
        for row in rows:
            new = _complete(table, row)
            stored.setdefault(tuple(new[k] for k in table.key), new)

    def add(self, table: Counts, moves: list[Row]) -> None:
        stored = self._table(table)
        for move in moves:
            key = tuple(move[k] for k in table.key)
            row = stored.setdefault(key, {**_complete(table, move), table.counter: 0})
            row[table.counter] += move[table.counter]
            if row[table.counter] == 0:
                del stored[key]


def replay(
    projection: Projection, events: Sequence[LogEvent], writer: MemoryWriter | None = None, *, batch: int = 1
) -> MemoryWriter:
    """Fold ``events`` into ``writer`` (a new one by default), ``batch`` events at a time.

    One at a time by default: every row then crosses a batch boundary, so a
    handler changing a column declared ``changes=False`` is caught.
    """
    writer = writer if writer is not None else MemoryWriter()
    for start in range(0, len(events), batch):
        projection.fold(writer, events[start : start + batch])
    return writer


def _complete(table: Table, row: Row) -> Row:
    """A copy with exactly the table's columns; a missing one fails as PostgreSQL's writer would."""
    missing = [n for n in table.names if n not in row]
    if missing:
        raise ValueError(f"a row of {table.name} has no value for columns {missing}")
    return {n: row[n] for n in table.names}
