"""Keyset paging for every list: a stable order ending in a unique id, limit+1 rows, an opaque cursor.

A list orders its rows by some columns and then its id, all ascending or all
descending (``Keyset``). A page reads one row more than it shows: if that row
exists, the cursor of the last row shown fetches the next page with a row
comparison, ``(sort, id) > (last sort, last id)``, which an index on
``(sort, id)`` answers without counting what came before. The cursor is the last
row's sort values and id as base64 JSON; anything else is refused with
``BadCursor``.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, TypeVar
from uuid import UUID

from psycopg import Connection, sql
from psycopg.rows import dict_row

from projections.engine.table import Column, Table
from projections.scope import Clause

T = TypeVar("T")
Row = dict[str, Any]


class BadCursor(ValueError):
    """The cursor was not produced by this list (or was tampered with)."""

    def __init__(self, message: str = "The cursor is not valid for this list; start again without it.") -> None:
        super().__init__(message)


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a list and the cursor of the next (None on the last page)."""

    items: list[T]
    next_cursor: str | None


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(value)
    return value


def _integer(value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(value)
    return value


_DECODERS: dict[str, Callable[[object], Any]] = {
    "text": _text,
    "uuid": lambda v: UUID(_text(v)),
    "timestamptz": lambda v: datetime.fromisoformat(_text(v)),
    "date": lambda v: datetime.fromisoformat(_text(v)).date(),
    "integer": _integer,
    "bigint": _integer,
}


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, int | str):
        return value
    return str(value)


def encode_cursor(*values: Any) -> str:
    """The cursor of a row from its sort values and id, in the keyset's order."""
    raw = json.dumps([_plain(v) for v in values], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


@dataclass(frozen=True)
class Keyset:
    """A list's order: ``columns`` (sort columns, then a unique id) all in one direction."""

    columns: tuple[Column, ...]
    descending: bool = False

    @classmethod
    def of(cls, table: Table, *sort: str, id: str = "id", descending: bool = False) -> Keyset:  # noqa: A002
        columns = tuple(table.column(name) for name in (*sort, id))
        nullable = [c.name for c in columns if c.default is None]
        unknown = [c.name for c in columns if c.type not in _DECODERS]
        if nullable or unknown:
            raise ValueError(f"keyset of {table.name}: {nullable + unknown} cannot order a list (nullable or untyped)")
        return cls(columns, descending)

    def reversed(self) -> Keyset:
        return Keyset(self.columns, not self.descending)

    def decode(self, cursor: str) -> tuple[Any, ...]:
        try:
            values = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
            if not isinstance(values, list) or len(values) != len(self.columns):
                raise BadCursor
            return tuple(_DECODERS[c.type](v) for c, v in zip(self.columns, values, strict=True))
        except (ValueError, TypeError, binascii.Error):
            raise BadCursor from None

    def cursor_of(self, row: Row) -> str:
        return encode_cursor(*(row[c.name] for c in self.columns))

    def after(self, cursor: str | None) -> Clause:
        """Rows after the cursor's row in this order (every row without a cursor)."""
        if not cursor:
            return Clause.true()
        names = sql.SQL(", ").join(sql.Identifier(c.name) for c in self.columns)
        marks = sql.SQL(", ").join(sql.Placeholder() for _ in self.columns)
        op = sql.SQL("<" if self.descending else ">")
        return Clause(sql.SQL("({}) {} ({})").format(names, op, marks), self.decode(cursor))

    def order_by(self) -> sql.Composable:
        direction = sql.SQL(" DESC" if self.descending else " ASC")
        return sql.SQL(", ").join(sql.Composed([sql.Identifier(c.name), direction]) for c in self.columns)

    def page(self, rows: Sequence[Row], limit: int) -> Page[Row]:
        """The first ``limit`` of ``limit + 1`` fetched rows, with the next cursor if there were more."""
        items = list(rows[:limit])
        return Page(items, self.cursor_of(items[-1]) if len(rows) > limit and items else None)


def fetch_page(
    conn: Connection[Any], table: Table, where: Clause, keyset: Keyset, *, limit: int, cursor: str | None
) -> Page[Row]:
    """One page of ``table``'s readers' view: rows matching ``where``, in ``keyset`` order, after ``cursor``."""
    where = where.and_(keyset.after(cursor))
    query = sql.SQL("SELECT {} FROM {} WHERE {} ORDER BY {} LIMIT %s").format(
        table.select_list, sql.Identifier(table.name), where.sql, keyset.order_by()
    )
    with conn.cursor(row_factory=dict_row) as cur:
        rows = cur.execute(query, (*where.params, limit + 1)).fetchall()
    return keyset.page(rows, limit)


def uuid_keys(ids: Iterable[object]) -> list[UUID]:
    """``ids`` as UUIDs for ``WHERE id = ANY(%s)`` on a uuid key (its index serves it; ``id::text`` would not).

    Ids that are not UUIDs (a blank reference, a system actor) match no row, so they are left out.
    """
    keys = []
    for value in ids:
        try:
            keys.append(value if isinstance(value, UUID) else UUID(str(value)))
        except ValueError:
            continue
    return keys
