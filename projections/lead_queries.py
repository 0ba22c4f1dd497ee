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
        count_where, count_params = _where(f, with_status=False)
        counted = cur.execute(
            sql.SQL("SELECT status, count(*) AS n FROM lead_pipeline WHERE {} GROUP BY status").format(count_where),
            count_params,
        ).fetchall()
    return LeadPage(items=items, next_cursor=next_cursor, counts={r["status"]: r["n"] for r in counted})


def get_lead(conn: Connection[Any], lead_id: UUID) -> dict[str, Any] | None:
    with conn.cursor(row_factory=dict_row) as cur:
        row = cur.execute(
            sql.SQL("SELECT {} FROM lead_pipeline WHERE id = %s").format(sql.SQL(LEAD_COLUMNS)), (lead_id,)
        ).fetchone()
        if row is None:
            return None
        row["notes"] = cur.execute(
            "SELECT text, author_id, written_at, version FROM lead_notes WHERE lead_id = %s ORDER BY version",
            (lead_id,),
        ).fetchall()
    return row
