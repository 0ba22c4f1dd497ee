"""Table specs: each column declared once, and everything SQL that follows from it.

A view declares its tables with these specs. From one spec come the CREATE
TABLE statement, its secondary indexes, the select list its queries use, and
the statements the batch writer runs (one per table per batch, with binary
``unnest`` arrays). Three kinds of table cover the views Baton has:

- ``Entities``: one row per aggregate, keyed by its id, carrying the aggregate
  ``version`` it reflects. Rows are upserted with a version guard, so a replayed
  event never moves a row back.
- ``Appends``: child rows only ever added (a lead's notes); a repeat is ignored.
- ``Counts``: how many rows of an ``Entities`` table have each value of some
  columns (leads per status and source), kept by deltas.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from psycopg import sql


class _Required:
    def __repr__(self) -> str:
        return "REQUIRED"


REQUIRED: Final[Any] = _Required()


@dataclass(frozen=True)
class Column:
    """One column: its name, SQL type, whether it changes after insert, and its default.

    ``default=REQUIRED`` (the default) means every new row must give a value;
    ``default=None`` makes the column nullable.
    """

    name: str
    type: str
    changes: bool = False
    default: Any = REQUIRED

    def ddl(self) -> sql.Composable:
        parts: list[sql.Composable] = [sql.Identifier(self.name), sql.SQL(self.type)]
        if self.default is not None:
            parts.append(sql.SQL("NOT NULL"))
        if self.default is not REQUIRED and self.default is not None:
            parts.append(sql.SQL("DEFAULT {}").format(sql.Literal(self.default)))
        return sql.SQL(" ").join(parts)


def version_column() -> Column:
    """The aggregate version a row reflects: the guard that makes replays no-ops."""
    return Column("version", "integer", changes=True)


def position_column() -> Column:
    """The log position of the last event applied to a row."""
    return Column("position", "bigint", changes=True)


@dataclass(frozen=True)
class Table:
    """What every kind of table has: a logical name, columns, a primary key and indexes."""

    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    indexes: tuple[str, ...] = ()
    names: tuple[str, ...] = field(init=False, repr=False)
    default_row: dict[str, Any] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "names", tuple(c.name for c in self.columns))
        # Every column's default: a new row starts from a copy (read-only here).
        object.__setattr__(self, "default_row", {c.name: c.default for c in self.columns if c.default is not REQUIRED})
        unknown = [k for k in self.key if k not in self.names]
        if unknown or len(set(self.names)) != len(self.names):
            raise ValueError(f"table {self.name}: key {unknown} not among its columns, or a column repeats")

    @property
    def select_list(self) -> sql.Composable:
        """``id, name, ...``: every column, in declared order, for queries."""
        return sql.SQL(", ").join(sql.Identifier(n) for n in self.names)

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise ValueError(f"table {self.name} has no column {name!r}")

    def defaults(self) -> dict[str, Any]:
        """A new row holding every column's default (a fresh dict each call)."""
        return dict(self.default_row)

    def create(self, physical: sql.Identifier) -> sql.Composed:
        body = [c.ddl() for c in self.columns]
        body.append(sql.SQL("PRIMARY KEY ({})").format(sql.SQL(", ").join(map(sql.Identifier, self.key))))
        return sql.SQL("CREATE TABLE IF NOT EXISTS {} ({})").format(physical, sql.SQL(", ").join(body))

    def create_indexes(self, physical: sql.Identifier, generation: int) -> list[sql.Composed]:
        return [
            sql.SQL("CREATE INDEX IF NOT EXISTS {} ON {} {}").format(
                sql.Identifier(f"{self.name}__g{generation}_ix{i}"), physical, sql.SQL(index)
            )
            for i, index in enumerate(self.indexes)
        ]

    def insert_rows(self, physical: sql.Identifier) -> sql.Composed:
        """``INSERT INTO t (cols) SELECT * FROM unnest(%b::type[], ...)``: many rows, one array per column."""
        # %b: binary arrays, much cheaper for psycopg to build than text ones.
        arrays = sql.SQL(", ").join(sql.SQL("%b::" + c.type + "[]") for c in self.columns)
        return sql.SQL("INSERT INTO {} AS t ({}) SELECT * FROM unnest({})").format(physical, self.select_list, arrays)


@dataclass(frozen=True)
class Entities(Table):
    """One row per aggregate, keyed by its id, guarded by its ``version``.

    The fold keeps ``version`` (required), and ``position`` and ``updated_at``
    when declared, on every event it applies to a row.
    """

    key: tuple[str, ...] = ("id",)
    stamps_position: bool = field(init=False, repr=False)
    stamps_updated_at: bool = field(init=False, repr=False)

    def __post_init__(self) -> None:
        super().__post_init__()
        if len(self.key) != 1 or "version" not in self.names:
            raise ValueError(f"table {self.name}: an Entities table has one key column and a version column")
        object.__setattr__(self, "stamps_position", "position" in self.names)
        object.__setattr__(self, "stamps_updated_at", "updated_at" in self.names)

    @property
    def id(self) -> str:
        return self.key[0]

    def select_by_ids(self, physical: sql.Identifier) -> sql.Composed:
        return sql.SQL("SELECT {} FROM {} WHERE {} = ANY(%b)").format(
            self.select_list, physical, sql.Identifier(self.id)
        )

    def upsert(self, physical: sql.Identifier) -> sql.Composed:
        changing = [c.name for c in self.columns if c.changes]
        updates = sql.SQL(", ").join(sql.SQL("{0} = EXCLUDED.{0}").format(sql.Identifier(n)) for n in changing)
        # The version guard makes a replayed event a no-op.
        return sql.SQL("{} ON CONFLICT ({}) DO UPDATE SET {} WHERE t.version < EXCLUDED.version").format(
            self.insert_rows(physical), sql.Identifier(self.id), updates
        )


@dataclass(frozen=True)
class Appends(Table):
    """Child rows that are only ever added; inserting one again changes nothing."""

    def insert(self, physical: sql.Identifier) -> sql.Composed:
        return sql.SQL("{} ON CONFLICT DO NOTHING").format(self.insert_rows(physical))


def counts(name: str, of: Entities, by: Sequence[str], column: str = "rows") -> Counts:
    """A ``Counts`` table of ``of``'s rows per value of ``by``, its columns typed as in ``of``."""
    if unknown := [n for n in by if n not in of.names]:
        raise ValueError(
            f"table {name}: counts need the Entities table whose columns they count; {of.name} has no {unknown}"
        )
    columns = (*(Column(n, of.column(n).type) for n in by), Column(column, "integer", changes=True))
    return Counts(name=name, columns=columns, key=tuple(by), of=of, counter=column)


@dataclass(frozen=True)
class Counts(Table):
    """How many rows of ``of`` have each combination of the key columns; moved by deltas."""

    of: Entities | None = None
    counter: str = "rows"

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.of is None or any(k not in self.of.names for k in self.key):
            raise ValueError(f"table {self.name}: counts need the Entities table whose columns they count")

    def add(self, physical: sql.Identifier) -> sql.Composed:
        keys = sql.SQL(", ").join(map(sql.Identifier, self.key))
        counter = sql.Identifier(self.counter)
        return sql.SQL("{} ON CONFLICT ({}) DO UPDATE SET {} = t.{} + EXCLUDED.{}").format(
            self.insert_rows(physical), keys, counter, counter, counter
        )
