"""Reads of invoices: staff see every invoice; a client user their organisation's, never a draft."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Literal
from uuid import UUID

from psycopg import Connection, sql
from psycopg.rows import dict_row

from domain.billing.statuses import OPEN_INVOICE, InvoiceStatus
from projections.billing.invoices import INVOICES, LEDGER
from projections.billing.listing import all_of, amount, between, counts_by_status, equals, one_of, text_in
from projections.engine import Keyset, fetch_page
from projections.scope import Clause, Scope

HIDDEN_FROM_CLIENTS = [InvoiceStatus.DRAFT.value, InvoiceStatus.DISCARDED.value]
OPEN = sorted(s.value for s in OPEN_INVOICE)
ORDERS = {
    ("created", "asc"): Keyset.of(INVOICES, "created_at"),
    ("created", "desc"): Keyset.of(INVOICES, "created_at", descending=True),
    ("updated", "asc"): Keyset.of(INVOICES, "updated_at"),
    ("updated", "desc"): Keyset.of(INVOICES, "updated_at", descending=True),
}


@dataclass(frozen=True)
class InvoiceFilter:
    """What an invoice list is narrowed to (dates inclusive)."""

    status: list[str] | None = None
    client_id: str | None = None
    overdue: bool | None = None
    issued_from: date | None = None
    issued_to: date | None = None
    due_from: date | None = None
    due_to: date | None = None
    unapplied: bool | None = None
    text: str | None = None


@dataclass(frozen=True)
class InvoicePage:
    items: list[dict[str, Any]]
    next_cursor: str | None
    counts: dict[str, int]
    totals: dict[str, dict[str, str]]


def visible(scope: Scope) -> Clause:
    """Staff: every invoice. A client user: their organisation's, once sent (drafts stay with the agency)."""
    if scope.is_staff:
        return Clause.true()
    return scope.organisation("client_id").and_(Clause(sql.SQL("NOT (status = ANY(%s))"), (HIDDEN_FROM_CLIENTS,)))


def _flag(condition: str, wanted: bool | None) -> Clause:
    if wanted is None:
        return Clause.true()
    return Clause(sql.SQL(condition if wanted else f"NOT ({condition})"))


def _where(f: InvoiceFilter, *, with_status: bool = True) -> Clause:
    return all_of(
        one_of("status", f.status if with_status else None),
        equals("client_id", f.client_id),
        _flag("status = 'overdue'", f.overdue),
        _flag("unapplied > 0", f.unapplied),
        between("sent_on", f.issued_from, f.issued_to),
        between("due_date", f.due_from, f.due_to),
        text_in(("number", "title"), f.text),
    )


def list_invoices(
    conn: Connection[Any],
    scope: Scope,
    f: InvoiceFilter,
    *,
    sort: Literal["created", "updated"] = "created",
    order: Literal["asc", "desc"] = "desc",
    limit: int = 50,
    cursor: str | None = None,
) -> InvoicePage:
    """A page of invoices, counts per status (under every other filter) and totals per currency (under all)."""
    where = visible(scope).and_(_where(f))
    page = fetch_page(conn, INVOICES, where, ORDERS[(sort, order)], limit=limit, cursor=cursor)
    return InvoicePage(page.items, page.next_cursor, _counts(conn, scope, f), totals(conn, where))


def _counts(conn: Connection[Any], scope: Scope, f: InvoiceFilter) -> dict[str, int]:
    others = _where(f, with_status=False)
    if scope.is_staff and f == InvoiceFilter(status=f.status, client_id=f.client_id):
        # Kept per status and client by the projection: no need to count the invoices themselves.
        query = sql.SQL("SELECT status, sum(invoices)::int FROM invoice_counts WHERE {} GROUP BY status").format(
            others.sql
        )
        return {status: n for status, n in conn.execute(query, others.params).fetchall() if n}
    return counts_by_status(conn, INVOICES.name, visible(scope).and_(others))


def totals(conn: Connection[Any], where: Clause) -> dict[str, dict[str, str]]:
    """Per currency: how many invoices, what they bill, what was paid and credited, what open ones still owe."""
    query = sql.SQL(
        "SELECT currency, count(*), sum(total), sum(paid), sum(credited), sum(owed) FILTER (WHERE status = ANY(%s))"
        " FROM invoice_list WHERE {} GROUP BY currency ORDER BY currency"
    ).format(where.sql)
    return {
        currency: {
            "invoices": str(n),
            "total": amount(total),
            "paid": amount(paid),
            "credited": amount(credited),
            "outstanding": amount(owed),
        }
        for currency, n, total, paid, credited, owed in conn.execute(query, (OPEN, *where.params)).fetchall()
    }


def get_invoice(conn: Connection[Any], scope: Scope, invoice_id: UUID) -> dict[str, Any] | None:
    """The invoice's row with its payments ledger, oldest first (None if unknown or not visible)."""
    where = visible(scope)
    with conn.cursor(row_factory=dict_row) as cur:
        row = cur.execute(
            sql.SQL("SELECT {} FROM invoice_list WHERE id = %s AND {}").format(INVOICES.select_list, where.sql),
            (invoice_id, *where.params),
        ).fetchone()
        if row is None:
            return None
        row["ledger"] = cur.execute(
            sql.SQL("SELECT {} FROM payment_ledger WHERE invoice_id = %s ORDER BY version").format(LEDGER.select_list),
            (invoice_id,),
        ).fetchall()
    return row
