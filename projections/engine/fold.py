"""A batch of events folded in memory: each touched row loaded once, changed, written once.

Handlers change plain ``dict`` rows through a ``Fold``. When the batch is done
the fold hands its writer every changed row of each ``Entities`` table (one
upsert, guarded by version), the rows added to each ``Appends`` table, and how
each ``Counts`` table moved. The writer is PostgreSQL in production
(``projections.engine.postgres``) and a dictionary in unit tests
(``projections.engine.memory``); the fold does not know which.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection, Iterable, Sequence
from typing import Any, Protocol, TypeVar

from projections.engine.table import Appends, Counts, Entities, Table

Row = dict[str, Any]
T = TypeVar("T")


class Writer(Protocol):
    """Where a fold reads the rows it starts from and writes what it changed."""

    def load(self, table: Entities, ids: Collection[Any]) -> list[Row]: ...

    def upsert(self, table: Entities, rows: list[Row]) -> None: ...

    def append(self, table: Appends, rows: list[Row]) -> None: ...

    def add(self, table: Counts, moves: list[Row]) -> None: ...


class Fold:
    """The rows one batch touches, as they will be written. ``position`` is the event being applied."""

    # The hot path of every rebuild: lookups stay inline and each row id is hashed as few times as possible.

    def __init__(self, writer: Writer, tables: Sequence[Table]) -> None:
        self.writer = writer
        self.position = 0
        entities = [t.name for t in tables if isinstance(t, Entities)]
        self._rows: dict[str, dict[Any, Row]] = {name: {} for name in entities}
        # Ids already asked of the writer (found or not), per table.
        self._seen: dict[str, set[Any]] = {name: set() for name in entities}
        self._changed: dict[str, dict[Any, Row]] = {name: {} for name in entities}
        self._appended: dict[str, list[Row]] = {t.name: [] for t in tables if isinstance(t, Appends)}
        self._counts = [t for t in tables if isinstance(t, Counts)]
        # What each counted row was counted as before the batch, per counts table.
        self._counted_as: dict[str, dict[Any, tuple[Any, ...]]] = {t.name: {} for t in self._counts}
        # Column values handlers work on decoded during the batch: (row, column, value, encode) by row and column.
        self._decoded: dict[tuple[str, Any, str], tuple[Row, str, Any, Callable[[Any], Any]]] = {}
        # The aggregate of the event being applied, and the tables its handler looked that aggregate's row up in
        # (Projection.fold learns from them which tables to preload for each topic).
        self.event_id: Any = None
        self.own_row_tables: set[str] = set()

    # -- reading ---------------------------------------------------------------

    def preload(self, table: Entities, ids: Iterable[Any]) -> None:
        """Load the rows of ``ids`` in one read (the engine does this for the batch's aggregates)."""
        seen = self._seen[table.name]
        missing = [i for i in ids if i not in seen] if seen else list(ids)
        if not missing:
            return
        seen.update(missing)
        rows = self._rows[table.name]
        counted = [(self._counted_as[c.name], c.key) for c in self._counts if c.of is table]
        for row in self.writer.load(table, missing):
            row_id = row[table.id]
            rows[row_id] = row
            for counted_as, key in counted:
                counted_as[row_id] = tuple(row[k] for k in key)

    def row(self, table: Entities, row_id: Any) -> Row | None:
        """The row of ``row_id`` as this batch has it so far (None if there is none)."""
        if row_id == self.event_id:
            self.own_row_tables.add(table.name)
        row = self._rows[table.name].get(row_id)
        if row is None and row_id not in self._seen[table.name]:
            self.preload(table, (row_id,))
            row = self._rows[table.name].get(row_id)
        return row

    # -- changing --------------------------------------------------------------

    def insert(self, table: Entities, event: Any, **values: Any) -> Row | None:
        """Add the row of ``event``'s aggregate (columns not given take their defaults).

        Returns None, changing nothing, when the row is already there (a replay).
        """
        row_id = event.originator_id
        if self.row(table, row_id) is not None:
            return None
        row = {**table.default_row, **values} if table.default_row else values
        row[table.id] = row_id
        row["version"] = event.originator_version
        if table.stamps_position:
            row["position"] = self.position
        if table.stamps_updated_at:
            row["updated_at"] = event.timestamp
        self._rows[table.name][row_id] = self._changed[table.name][row_id] = row
        return row

    def update(self, table: Entities, event: Any) -> Row | None:
        """The row of ``event``'s aggregate, moved to ``event`` for the handler to change.

        None when there is no such row, or when it already reflects ``event`` (a replay).
        """
        row_id = event.originator_id
        if row_id == self.event_id:
            self.own_row_tables.add(table.name)
        row = self._rows[table.name].get(row_id) or self.row(table, row_id)
        version = event.originator_version
        if row is None or row["version"] >= version:
            return None
        row["version"] = version
        if table.stamps_position:
            row["position"] = self.position
        if table.stamps_updated_at:
            row["updated_at"] = event.timestamp
        self._changed[table.name][row_id] = row
        return row

    def decoded(
        self, table: Entities, row: Row, column: str, decode: Callable[[Any], T], encode: Callable[[T], Any]
    ) -> T:
        """``row[column]`` decoded once for the batch, encoded back into the row when the batch is written.

        For a column that holds a structure many events of a batch change (a fold's state kept as JSON):
        handlers change the decoded value in place, and it is decoded and encoded once per batch, not per event.
        """
        key = (table.name, row[table.id], column)
        kept = self._decoded.get(key)
        if kept is not None:
            value: T = kept[2]
            return value
        fresh = decode(row[column])
        self._decoded[key] = (row, column, fresh, encode)
        return fresh

    def append(self, table: Appends, **values: Any) -> None:
        """Add a child row (ignored by the writer if its key is already there)."""
        self._appended[table.name].append({**table.default_row, **values} if table.default_row else values)

    # -- writing ---------------------------------------------------------------

    def moves(self, table: Counts) -> list[Row]:
        """How ``table``'s counts move with this batch: one row per key whose count changed."""
        assert table.of is not None
        counted_as = self._counted_as[table.name]
        delta: Counter[tuple[Any, ...]] = Counter()
        for row_id, row in self._changed[table.of.name].items():
            now = tuple(row[k] for k in table.key)
            before = counted_as.get(row_id)
            if now != before:
                delta[now] += 1
                if before is not None:
                    delta[before] -= 1
        return [{**dict(zip(table.key, key, strict=True)), table.counter: n} for key, n in delta.items() if n]

    def write(self, tables: Sequence[Table]) -> None:
        """Hand every change to the writer: one call per table that changed."""
        for row, column, value, encode in self._decoded.values():
            row[column] = encode(value)
        for table in tables:
            if isinstance(table, Entities):
                if changed := self._changed[table.name]:
                    self.writer.upsert(table, list(changed.values()))
            elif isinstance(table, Appends):
                if appended := self._appended[table.name]:
                    self.writer.append(table, appended)
            elif isinstance(table, Counts) and (moves := self.moves(table)):
                self.writer.add(table, moves)
