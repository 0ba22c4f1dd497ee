"""The fold's writer on PostgreSQL: one statement per table per batch, rendered once per generation."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from operator import itemgetter
from typing import Any

from psycopg import Cursor, sql

from projections.engine.fold import Row
from projections.engine.table import Appends, Counts, Entities, Table


class Tables:
    """Physical table names of one generation of a projection.

    Readers use the logical name (a view over the active generation); the
    writer writes to ``tables["lead_pipeline"]``, this generation's table.
    """

    def __init__(self, logical: Sequence[str], generation: int) -> None:
        self.generation = generation
        self._names = {name: physical_name(name, generation) for name in logical}

    def __getitem__(self, logical: str) -> sql.Identifier:
        return sql.Identifier(self._names[logical])

    def physical(self) -> dict[str, str]:
        return dict(self._names)


def physical_name(logical: str, generation: int) -> str:
    return f"{logical}__g{generation}"


class Statements:
    """One generation's SQL, rendered to bytes once so psycopg reuses its prepared form."""

    def __init__(self, tables: Sequence[Table], names: Tables) -> None:
        self.load: dict[str, bytes] = {}
        self.write: dict[str, bytes] = {}
        self.values: dict[str, itemgetter[Any]] = {}
        for t in tables:
            physical = names[t.name]
            self.values[t.name] = itemgetter(*t.names)
            if isinstance(t, Entities):
                self.load[t.name] = t.select_by_ids(physical).as_bytes()
                self.write[t.name] = t.upsert(physical).as_bytes()
            elif isinstance(t, Appends):
                self.write[t.name] = t.insert(physical).as_bytes()
            elif isinstance(t, Counts):
                self.write[t.name] = t.add(physical).as_bytes()


class PostgresWriter:
    """Reads and writes a fold's rows with the runner's cursor, inside its transaction."""

    def __init__(self, cur: Cursor[Any], statements: Statements) -> None:
        self.cur = cur
        self.s = statements

    def load(self, table: Entities, ids: Collection[Any]) -> list[Row]:
        names = table.names
        fetched = self.cur.execute(self.s.load[table.name], (list(ids),)).fetchall()
        return [dict(zip(names, row, strict=True)) for row in fetched]

    def upsert(self, table: Entities, rows: list[Row]) -> None:
        self._write(table, rows)

    def append(self, table: Appends, rows: list[Row]) -> None:
        self._write(table, rows)

    def add(self, table: Counts, moves: list[Row]) -> None:
        self._write(table, moves)

    def _write(self, table: Table, rows: list[Row]) -> None:
        try:
            values = list(map(self.s.values[table.name], rows))
        except KeyError as missing:
            raise ValueError(f"a row of {table.name} has no value for column {missing}") from None
        # itemgetter of one name gives the value itself, not a 1-tuple.
        columns = [values] if len(table.names) == 1 else [list(column) for column in zip(*values, strict=True)]
        self.cur.execute(self.s.write[table.name], columns)
