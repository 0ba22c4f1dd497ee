"""What billing's list queries share: filters as clauses, counts per status, and amounts as exact strings."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from psycopg import Connection, sql

from projections.scope import Clause


def equals(column: str, value: object | None) -> Clause:
    """``column = value``, or no narrowing when ``value`` is None or empty."""
    if value is None or value == "":
        return Clause.true()
    return Clause(sql.SQL("{} = %s").format(sql.Identifier(column)), (value,))


def one_of(column: str, values: Sequence[str] | None) -> Clause:
    """``column`` is one of ``values``, or no narrowing when none are given."""
    if not values:
        return Clause.true()
    return Clause(sql.SQL("{} = ANY(%s)").format(sql.Identifier(column)), (list(values),))


def between(column: str, low: object | None, high: object | None) -> Clause:
    """``low <= column <= high``, each bound optional."""
    clause = Clause.true()
    if low is not None:
        clause = clause.and_(Clause(sql.SQL("{} >= %s").format(sql.Identifier(column)), (low,)))
    if high is not None:
        clause = clause.and_(Clause(sql.SQL("{} <= %s").format(sql.Identifier(column)), (high,)))
    return clause


def text_in(columns: Sequence[str], text: str | None) -> Clause:
    """``text`` (case-insensitive, ``%`` and ``_`` taken literally) in any of ``columns``."""
    if not text:
        return Clause.true()
    like = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    tests = sql.SQL(" OR ").join(sql.SQL("{} ILIKE %s").format(sql.Identifier(c)) for c in columns)
    return Clause(sql.SQL("({})").format(tests), (like,) * len(columns))


def all_of(*clauses: Clause) -> Clause:
    result = Clause.true()
    for clause in clauses:
        result = result.and_(clause)
    return result


def counts_by_status(conn: Connection[Any], table: str, where: Clause) -> dict[str, int]:
    """Rows of ``table`` per status under ``where``."""
    query = sql.SQL("SELECT status, count(*)::int FROM {} WHERE {} GROUP BY status").format(
        sql.Identifier(table), where.sql
    )
    return dict(conn.execute(query, where.params).fetchall())


def amount(value: Decimal | None) -> str:
    """An amount as the API shows it: an exact decimal string ('0' when there is none)."""
    return str(value if value is not None else Decimal(0))
