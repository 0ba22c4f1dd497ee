"""Reads of time entries: "my time" and the lists staff filter, with the total of the selection; scoped by reader.

An employee sees their own entries and the entries on projects they manage;
admins see every entry; client users none. Deleted entries are in no list.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from psycopg import Connection, sql
from psycopg.rows import dict_row

from projections.engine import Keyset, fetch_page
from projections.engine.follower import LogSource
from projections.scope import Clause, Scope
from projections.time import history, keys
from projections.time.tables import ENTRIES

Row = dict[str, Any]
NEWEST_FIRST = Keyset.of(ENTRIES, "day", "created_at", descending=True)
_MANAGED = "EXISTS (SELECT 1 FROM time_projects p WHERE p.id = time_entries.project_id AND p.manager_id = %s)"


@dataclass(frozen=True)
class EntryFilter:
    """Entries dated ``first``..``last`` (both included), of one person, project or task if given."""

    first: date
    last: date
    person_id: UUID | None = None
    project_id: UUID | None = None
    task_id: UUID | None = None


@dataclass(frozen=True)
class EntryPage:
    items: list[Row]
    next_cursor: str | None
    total_hours: Decimal


def visible(scope: Scope) -> Clause:
    """Admins: every entry. Employees: their own, and those on projects they manage. Client users: none."""
    if scope.is_admin:
        return Clause.true()
    if not scope.is_staff or scope.user_id is None:
        return Clause.false()
    return Clause(sql.SQL("(person_id = %s OR " + _MANAGED + ")"), (scope.user_id, scope.user_id))


def _where(f: EntryFilter) -> Clause:
    clause = Clause(sql.SQL("NOT deleted AND day BETWEEN %s AND %s"), (f.first, f.last))
    for column, value in (("person_id", f.person_id), ("project_id", f.project_id), ("task_id", f.task_id)):
        if value is not None:
            clause = clause.and_(Clause(sql.SQL("{} = %s").format(sql.Identifier(column)), (value,)))
    return clause


def list_entries(
    conn: Connection[Any], scope: Scope, f: EntryFilter, *, limit: int = 50, cursor: str | None = None
) -> EntryPage:
    """A page of the entries ``scope`` may see matching ``f``, newest day first, and the hours of all of them."""
    where = visible(scope).and_(_where(f))
    page = fetch_page(conn, ENTRIES, where, NEWEST_FIRST, limit=limit, cursor=cursor)
    query = sql.SQL("SELECT coalesce(sum(hours), 0) FROM time_entries WHERE {}").format(where.sql)
    row = conn.execute(query, where.params).fetchone()
    return EntryPage(named(conn, page.items), page.next_cursor, Decimal(row[0] if row else 0).quantize(Decimal("0.01")))


def get_entry(conn: Connection[Any], scope: Scope, entry_id: UUID) -> Row | None:
    """One entry the reader may see (None if unknown, deleted or not theirs to see)."""
    where = visible(scope).and_(Clause(sql.SQL("NOT deleted AND id = %s"), (entry_id,)))
    query = sql.SQL("SELECT {} FROM time_entries WHERE {}").format(ENTRIES.select_list, where.sql)
    with conn.cursor(row_factory=dict_row) as cur:
        row = cur.execute(query, where.params).fetchone()
    return named(conn, [row])[0] if row else None


def entries_as_of(conn: Connection[Any], source: LogSource, scope: Scope, f: EntryFilter, as_of: datetime) -> list[Row]:
    """The entries matching ``f`` as the log stood at ``as_of``, newest first (every one: no pages)."""
    months = keys.months_between(f.first, f.last)
    if f.person_id is not None:
        wanted = [keys.person_month(f.person_id, m) for m in months]
    elif f.project_id is not None:
        wanted = [keys.project(f.project_id)]
    else:
        wanted = [keys.month(m) for m in months]
    events = history.read_events(conn, source, history.entry_ids_under(conn, wanted))
    rows = [r for r in history.in_range(history.entries_as_of(events, as_of), f.first, f.last) if _matches(r, f)]
    allowed = _allowed(conn, scope)
    rows = [r for r in rows if allowed(r)]
    rows.sort(key=lambda r: (r["day"], r["created_at"], str(r["id"])), reverse=True)
    return named(conn, rows)


def _matches(row: Row, f: EntryFilter) -> bool:
    return all(
        value is None or row[column] == value
        for column, value in (("person_id", f.person_id), ("project_id", f.project_id), ("task_id", f.task_id))
    )


def _allowed(conn: Connection[Any], scope: Scope) -> Any:
    if scope.is_admin:
        return lambda row: True
    if not scope.is_staff or scope.user_id is None:
        return lambda row: False
    managed = {r[0] for r in conn.execute("SELECT id FROM time_projects WHERE manager_id = %s", (scope.user_id,))}
    me = scope.user_id
    return lambda row: row["person_id"] == me or row["project_id"] in managed


def named(conn: Connection[Any], rows: list[Row]) -> list[Row]:
    """``rows`` with the names of their person, project and task (as they are now), tags as a list."""
    if not rows:
        return rows
    projects = project_names(conn, {r["project_id"] for r in rows})
    tasks = task_titles(conn, {r["task_id"] for r in rows})
    people = person_names(conn, {r["person_id"] for r in rows})
    for r in rows:
        r["project_name"] = projects.get(r["project_id"], "")
        r["task_title"] = tasks.get(r["task_id"], "")
        r["person_name"] = people.get(r["person_id"], "")
        if isinstance(r["tags"], str):
            r["tags"] = [t for t in r["tags"].split(",") if t]
    return rows


def project_names(conn: Connection[Any], ids: set[UUID]) -> dict[UUID, str]:
    if not ids:
        return {}
    return dict(conn.execute("SELECT id, name FROM time_projects WHERE id = ANY(%s)", (list(ids),)).fetchall())


def task_titles(conn: Connection[Any], ids: set[UUID]) -> dict[UUID, str]:
    if not ids:
        return {}
    return dict(conn.execute("SELECT id, title FROM time_tasks WHERE id = ANY(%s)", (list(ids),)).fetchall())


def person_names(conn: Connection[Any], ids: set[UUID]) -> dict[UUID, str]:
    if not ids:
        return {}
    return dict(conn.execute("SELECT id, name FROM user_directory WHERE id = ANY(%s)", (list(ids),)).fetchall())
