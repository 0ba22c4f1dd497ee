"""Reads of money: the payments ledger (scoped like invoices), stray payments and Stripe deliveries (admins)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from psycopg import Connection, sql
from psycopg.rows import dict_row

from projections.billing.inbox import STRAYS, STRIPE_EVENTS
from projections.billing.invoices import LEDGER
from projections.billing.listing import all_of, between, equals, one_of
from projections.engine import Keyset, Page, fetch_page
from projections.scope import Clause, Scope

LEDGER_ORDER = Keyset.of(LEDGER, "recorded_at", id="entry_id", descending=True)
STRAY_ORDER = Keyset.of(STRAYS, "received_at", descending=True)
STRIPE_ORDER = Keyset.of(STRIPE_EVENTS, "received_at", descending=True)


@dataclass(frozen=True)
class LedgerFilter:
    """What the payments ledger is narrowed to (days inclusive)."""

    kind: list[str] | None = None
    client_id: str | None = None
    invoice_id: UUID | None = None
    provider: str | None = None
    day_from: date | None = None
    day_to: date | None = None


def ledger_visible(scope: Scope) -> Clause:
    """Staff: every entry. A client user: their organisation's."""
    return scope.organisation("client_id")


def list_ledger(
    conn: Connection[Any], scope: Scope, f: LedgerFilter, *, limit: int = 50, cursor: str | None = None
) -> Page[dict[str, Any]]:
    """Payments, refunds, failed attempts and credit notes, newest first."""
    where = all_of(
        ledger_visible(scope),
        one_of("kind", f.kind),
        equals("client_id", f.client_id),
        equals("invoice_id", f.invoice_id),
        equals("provider", f.provider),
        between("day", f.day_from, f.day_to),
    )
    return fetch_page(conn, LEDGER, where, LEDGER_ORDER, limit=limit, cursor=cursor)


def admins_only(scope: Scope) -> Clause:
    return Clause.true() if scope.is_admin else Clause.false()


def list_strays(
    conn: Connection[Any], scope: Scope, *, settled: bool | None = None, limit: int = 50, cursor: str | None = None
) -> Page[dict[str, Any]]:
    """Payments no invoice could take, newest first."""
    where = admins_only(scope).and_(equals("settled", settled))
    return fetch_page(conn, STRAYS, where, STRAY_ORDER, limit=limit, cursor=cursor)


def get_stray(conn: Connection[Any], scope: Scope, stray_id: UUID) -> dict[str, Any] | None:
    where = admins_only(scope)
    with conn.cursor(row_factory=dict_row) as cur:
        row: dict[str, Any] | None = cur.execute(
            sql.SQL("SELECT {} FROM stray_payments WHERE id = %s AND {}").format(STRAYS.select_list, where.sql),
            (stray_id, *where.params),
        ).fetchone()
    return row


def list_stripe_events(
    conn: Connection[Any], scope: Scope, *, attention: bool | None = None, limit: int = 50, cursor: str | None = None
) -> Page[dict[str, Any]]:
    """Stripe's deliveries, newest first, with what Baton did with each."""
    where = admins_only(scope).and_(equals("attention", attention))
    return fetch_page(conn, STRIPE_EVENTS, where, STRIPE_ORDER, limit=limit, cursor=cursor)
