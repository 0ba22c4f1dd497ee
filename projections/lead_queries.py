"""Reads of the lead pipeline: filtered, sorted, cursor-paged lists and details."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal
from uuid import UUID

from psycopg import Connection, sql
from psycopg.rows import dict_row

from projections.paging import BadCursor, decode_cursor, encode_cursor

LEAD_COLUMNS = (
    "id, name, company, email, phone, source, website, status, lost_reason, notes_count,"
    " created_at, updated_at, created_by, version, position"
)


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


def _where(f: LeadFilter, *, with_status: bool = True) -> tuple[sql.Composable, list[Any]]:
    clauses: list[sql.Composable] = []
    params: list[Any] = []
    if with_status and f.status:
        clauses.append(sql.SQL("status = ANY(%s)"))
        params.append(f.status)
    if f.source:
        clauses.append(sql.SQL("source = %s"))
        params.append(f.source)
    if f.created_from:
        clauses.append(sql.SQL("created_at >= %s"))
        params.append(f.created_from)
    if f.created_to:
        clauses.append(sql.SQL("created_at < %s"))
        params.append(f.created_to)
    if f.text:
        like = "%" + f.text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        clauses.append(sql.SQL("(name ILIKE %s OR company ILIKE %s OR email ILIKE %s)"))
        params.extend([like, like, like])
    if not clauses:
        return sql.SQL("TRUE"), params
    return sql.SQL(" AND ").join(clauses), params


def list_leads(
    conn: Connection[Any],
    f: LeadFilter,
    *,
    sort: Literal["created", "updated"] = "created",
    order: Literal["asc", "desc"] = "desc",
    limit: int = 50,
    cursor: str | None = None,
) -> LeadPage:
    column = sql.Identifier("created_at" if sort == "created" else "updated_at")
    where, params = _where(f)
    if cursor:
        value, raw_id = decode_cursor(cursor)
        try:
            row_id = UUID(raw_id)
        except ValueError:
            raise BadCursor("The cursor is not valid for this list; start again without it.") from None
        op = sql.SQL("<" if order == "desc" else ">")
        where = sql.SQL("{} AND ({}, id) {} (%s, %s)").format(where, column, op)
        params += [value, row_id]
    direction = sql.SQL("DESC" if order == "desc" else "ASC")
    query = sql.SQL("SELECT {} FROM lead_pipeline WHERE {} ORDER BY {} {}, id {} LIMIT %s").format(
        sql.SQL(LEAD_COLUMNS), where, column, direction, direction
    )
    with conn.cursor(row_factory=dict_row) as cur:
        rows = cur.execute(query, [*params, limit + 1]).fetchall()
        items = rows[:limit]
        next_cursor = None
        if len(rows) > limit:
            last = items[-1]
            next_cursor = encode_cursor(last["created_at" if sort == "created" else "updated_at"], last["id"])
        count_query, count_params = _counts_query(f)
        counted = cur.execute(count_query, count_params).fetchall()
    return LeadPage(items=items, next_cursor=next_cursor, counts={r["status"]: r["n"] for r in counted})


def _counts_query(f: LeadFilter) -> tuple[sql.SQL | sql.Composed, list[Any]]:
    """Leads per status under every filter but status (so a page shows what each status would hold)."""
    if f.created_from or f.created_to or f.text:
        # Dates and text are not kept in lead_counts: count the matching rows.
        where, params = _where(f, with_status=False)
        return sql.SQL("SELECT status, count(*) AS n FROM lead_pipeline WHERE {} GROUP BY status").format(where), params
    # The projection keeps counts per status and source, so the size of the pipeline does not matter.
    if f.source:
        return sql.SQL("SELECT status, leads AS n FROM lead_counts WHERE source = %s AND leads > 0"), [f.source]
    return sql.SQL("SELECT status, sum(leads)::int AS n FROM lead_counts GROUP BY status HAVING sum(leads) > 0"), []


LATEST_NOTES = 50


def get_lead(conn: Connection[Any], lead_id: UUID, *, notes_limit: int = LATEST_NOTES) -> dict[str, Any] | None:
    """The lead's row with its latest ``notes_limit`` notes, oldest first (None if unknown)."""
    with conn.cursor(row_factory=dict_row) as cur:
        row = cur.execute(
            sql.SQL("SELECT {} FROM lead_pipeline WHERE id = %s").format(sql.SQL(LEAD_COLUMNS)), (lead_id,)
        ).fetchone()
        if row is None:
            return None
        # The latest notes only, so a long thread costs the same as a short one;
        # ``notes_count`` on the row says how many there are in all.
        latest = cur.execute(
            "SELECT text, author_id, written_at, version FROM lead_notes WHERE lead_id = %s"
            " ORDER BY version DESC LIMIT %s",
            (lead_id, notes_limit),
        ).fetchall()
        row["notes"] = latest[::-1]
    return row
