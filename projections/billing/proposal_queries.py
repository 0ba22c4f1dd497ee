"""Reads of proposals: staff see every proposal with its internal review; a client user only their sent ones."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal
from uuid import UUID

from psycopg import Connection, sql
from psycopg.rows import dict_row

from projections.billing.listing import all_of, counts_by_status, equals, one_of, text_in
from projections.billing.proposals import PROPOSALS, REVIEWS
from projections.engine import Keyset, fetch_page
from projections.scope import Clause, Scope

ORDERS = {
    ("created", "asc"): Keyset.of(PROPOSALS, "created_at"),
    ("created", "desc"): Keyset.of(PROPOSALS, "created_at", descending=True),
    ("updated", "asc"): Keyset.of(PROPOSALS, "updated_at"),
    ("updated", "desc"): Keyset.of(PROPOSALS, "updated_at", descending=True),
}


@dataclass(frozen=True)
class ProposalFilter:
    """What a proposal list is narrowed to."""

    status: list[str] | None = None
    client_id: str | None = None
    lead_id: str | None = None
    text: str | None = None


@dataclass(frozen=True)
class ProposalPage:
    items: list[dict[str, Any]]
    next_cursor: str | None
    counts: dict[str, int]


def visible(scope: Scope) -> Clause:
    """Staff: every proposal. A client user: their organisation's proposals once sent (never a draft)."""
    if scope.is_staff:
        return Clause.true()
    return scope.organisation("client_id").and_(Clause(sql.SQL("sent_at IS NOT NULL")))


def _where(f: ProposalFilter, *, with_status: bool = True) -> Clause:
    return all_of(
        one_of("status", f.status if with_status else None),
        equals("client_id", f.client_id),
        equals("lead_id", f.lead_id),
        text_in(("title",), f.text),
    )


def list_proposals(
    conn: Connection[Any],
    scope: Scope,
    f: ProposalFilter,
    *,
    sort: Literal["created", "updated"] = "created",
    order: Literal["asc", "desc"] = "desc",
    limit: int = 50,
    cursor: str | None = None,
) -> ProposalPage:
    """A page of the proposals ``scope`` may see that match ``f``, with counts per status (under every other filter)."""
    page = fetch_page(
        conn, PROPOSALS, visible(scope).and_(_where(f)), ORDERS[(sort, order)], limit=limit, cursor=cursor
    )
    counted = counts_by_status(conn, PROPOSALS.name, visible(scope).and_(_where(f, with_status=False)))
    return ProposalPage(items=page.items, next_cursor=page.next_cursor, counts=counted)


def get_proposal(conn: Connection[Any], scope: Scope, proposal_id: UUID) -> dict[str, Any] | None:
    """The proposal's row, with its review comments for staff (None if unknown or not visible)."""
    where = visible(scope)
    with conn.cursor(row_factory=dict_row) as cur:
        row = cur.execute(
            sql.SQL("SELECT {} FROM proposal_list WHERE id = %s AND {}").format(PROPOSALS.select_list, where.sql),
            (proposal_id, *where.params),
        ).fetchone()
        if row is None:
            return None
        row["reviews"] = (
            cur.execute(
                sql.SQL(
                    "SELECT text, author_id, written_at, version FROM {} WHERE proposal_id = %s ORDER BY version"
                ).format(sql.Identifier(REVIEWS.name)),
                (proposal_id,),
            ).fetchall()
            if scope.is_staff
            else []
        )
    return row
