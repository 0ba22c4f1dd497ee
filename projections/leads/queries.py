"""Reads of the lead pipeline: filtered, sorted, keyset-paged lists and details, for staff."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal
from uuid import UUID

from psycopg import Connection, sql
from psycopg.rows import dict_row

from projections.engine import Keyset, Page, fetch_page
from projections.leads.pipeline import NOTES, PIPELINE
from projections.scope import Clause, Scope

LATEST_NOTES = 50
# A lead's notes, newest first: the detail shows the latest, older ones page on from its cursor.
NOTES_ORDER = Keyset.of(NOTES, id="version", descending=True)
ORDERS = {
    ("created", "asc"): Keyset.of(PIPELINE, "created_at"),
    ("created", "desc"): Keyset.of(PIPELINE, "created_at", descending=True),
    ("updated", "asc"): Keyset.of(PIPELINE, "updated_at"),
    ("updated", "desc"): Keyset.of(PIPELINE, "updated_at", descending=True),
}


@dataclass(frozen=True)
class LeadFilter:
    """What a pipeline list is narrowed to."""

    status: list[str] | None = None
    source: str | None = None
    created_from: datetime | None = None
    created_to: datetime | None = None
    text: str | None = None


@dataclass(frozen=True)
class LeadPage:
    items: list[dict[str, Any]]
    next_cursor: str | None
    counts: dict[str, int]


def visible(scope: Scope) -> Clause:
    """Leads are the agency's own: staff see every lead, client users none."""
    return Clause.true() if scope.is_staff else Clause.false()


def _where(f: LeadFilter, *, with_status: bool = True) -> Clause:
    clause = Clause.true()
    if with_status and f.status:
        clause = clause.and_(Clause(sql.SQL("status = ANY(%s)"), (f.status,)))
    if f.source:
        clause = clause.and_(Clause(sql.SQL("lower(source) = lower(%s)"), (f.source,)))
    if f.created_from:
        clause = clause.and_(Clause(sql.SQL("created_at >= %s"), (f.created_from,)))
    if f.created_to:
        clause = clause.and_(Clause(sql.SQL("created_at < %s"), (f.created_to,)))
    if f.text:
        like = "%" + f.text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        clause = clause.and_(Clause(sql.SQL("(name ILIKE %s OR company ILIKE %s OR email ILIKE %s)"), (like,) * 3))
    return clause


def list_leads(
    conn: Connection[Any],
    scope: Scope,
    f: LeadFilter,
    *,
    sort: Literal["created", "updated"] = "created",
    order: Literal["asc", "desc"] = "desc",
    limit: int = 50,
    cursor: str | None = None,
) -> LeadPage:
    """A page of the leads ``scope`` may see that match ``f``, with counts per status."""
    where = visible(scope).and_(_where(f))
    page = fetch_page(conn, PIPELINE, where, ORDERS[(sort, order)], limit=limit, cursor=cursor)
    counted = _counts(conn, f) if scope.is_staff else {}
    return LeadPage(items=page.items, next_cursor=page.next_cursor, counts=counted)


def _counts(conn: Connection[Any], f: LeadFilter) -> dict[str, int]:
    """Leads per status under every filter but status (so a page shows what each status would hold)."""
    if f.created_from or f.created_to or f.text:
        # Dates and text are not kept in lead_counts: count the matching rows.
        where = _where(f, with_status=False)
        query: sql.SQL | sql.Composed = sql.SQL(
            "SELECT status, count(*) FROM lead_pipeline WHERE {} GROUP BY status"
        ).format(where.sql)
        params: tuple[Any, ...] = where.params
    elif f.source:
        # The projection keeps counts per status and source, so the size of the pipeline does not matter.
        query = sql.SQL(
            "SELECT status, sum(leads)::int FROM lead_counts WHERE lower(source) = lower(%s)"
            " GROUP BY status HAVING sum(leads) > 0"
        )
        params = (f.source,)
    else:
        query = sql.SQL("SELECT status, sum(leads)::int FROM lead_counts GROUP BY status HAVING sum(leads) > 0")
        params = ()
    return dict(conn.execute(query, params).fetchall())


def get_lead(
    conn: Connection[Any], scope: Scope, lead_id: UUID, *, notes_limit: int = LATEST_NOTES
) -> dict[str, Any] | None:
    """The lead's row with its latest ``notes_limit`` notes, oldest first (None if unknown or not visible)."""
    where = visible(scope)
    with conn.cursor(row_factory=dict_row) as cur:
        row = cur.execute(
            sql.SQL("SELECT {} FROM lead_pipeline WHERE id = %s AND {}").format(PIPELINE.select_list, where.sql),
            (lead_id, *where.params),
        ).fetchone()
        if row is None:
            return None
        # The latest notes only, so a long thread costs the same as a short one;
        # ``notes_count`` on the row says how many there are in all.
        latest = cur.execute(
            sql.SQL(
                "SELECT text, author_id, written_at, version FROM {} WHERE lead_id = %s ORDER BY version DESC LIMIT %s"
            ).format(sql.Identifier(NOTES.name)),
            (lead_id, notes_limit + 1),
        ).fetchall()
        shown = latest[:notes_limit]
        row["notes"] = shown[::-1]
        row["notes_next_cursor"] = NOTES_ORDER.cursor_of(shown[-1]) if len(latest) > notes_limit else None
    return row


def lead_notes(
    conn: Connection[Any], scope: Scope, lead_id: UUID, *, limit: int = LATEST_NOTES, cursor: str | None = None
) -> Page[dict[str, Any]] | None:
    """A page of the lead's notes, newest first (None if the lead is unknown or not visible)."""
    where = visible(scope)
    found = conn.execute(
        sql.SQL("SELECT 1 FROM lead_pipeline WHERE id = %s AND {}").format(where.sql), (lead_id, *where.params)
    ).fetchone()
    if found is None:
        return None
    of_lead = Clause(sql.SQL("lead_id = %s"), (lead_id,))
    return fetch_page(conn, NOTES, of_lead, NOTES_ORDER, limit=limit, cursor=cursor)
