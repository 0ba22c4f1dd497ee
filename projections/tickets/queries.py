"""Reads of the ticket queue: staff see every ticket; a client user only their organisation's, never a note.

Client readers get client-side columns only (``CLIENT_COLUMNS``) and thread
entries whose audience is ``client_and_staff``; the staff-only entries (notes,
assignments, escalations, SLA marks) are filtered in SQL, here, once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal
from uuid import UUID

from psycopg import Connection, sql
from psycopg.rows import dict_row

from domain.tickets.thread import CLIENT_AND_STAFF
from projections.engine import Keyset, fetch_page
from projections.scope import Clause, Scope
from projections.tickets.tables import QUEUE, THREAD

Sort = Literal["activity", "due", "created"]
LATEST_ENTRIES = 100
_STAFF_ORDERS = {
    "activity": Keyset.of(QUEUE, "last_activity_at", descending=True),
    "due": Keyset.of(QUEUE, "due_at"),
    "created": Keyset.of(QUEUE, "opened_at", descending=True),
}
# A client's list never orders by staff-side activity or due times.
_CLIENT_ORDERS = {
    "activity": Keyset.of(QUEUE, "client_activity_at", descending=True),
    "due": Keyset.of(QUEUE, "client_activity_at", descending=True),
    "created": Keyset.of(QUEUE, "opened_at", descending=True),
}


@dataclass(frozen=True)
class TicketFilter:
    """What a queue list is narrowed to; ``assignee`` is a user id, or "" for unassigned."""

    status: list[str] | None = None
    priority: list[str] | None = None
    assignee: str | None = None
    client_id: str | None = None
    sla: list[str] | None = None
    text: str | None = None
    created_from: datetime | None = None
    created_to: datetime | None = None
    updated_from: datetime | None = None
    updated_to: datetime | None = None

    @property
    def counted_by_table(self) -> bool:
        """Only filters the counts table keeps (client, assignee): counts need not scan tickets."""
        rest = (self.priority, self.sla, self.text, self.created_from, self.created_to, self.updated_from)
        return not any(rest) and self.updated_to is None


@dataclass(frozen=True)
class TicketPage:
    items: list[dict[str, Any]]
    next_cursor: str | None
    counts: dict[str, int]


def visible(scope: Scope) -> Clause:
    """Staff: every ticket. A client user: their organisation's tickets."""
    return scope.organisation("client_id")


def _like(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _where(f: TicketFilter, scope: Scope, *, with_status: bool = True) -> Clause:
    clause = visible(scope)
    checks: list[tuple[str, Any]] = []
    if with_status and f.status:
        checks.append(("status = ANY(%s)", f.status))
    if f.priority:
        checks.append(("priority = ANY(%s)", f.priority))
    if f.assignee is not None and scope.is_staff:
        checks.append(("assignee_id = %s", f.assignee))
    if f.client_id:
        checks.append(("client_id = %s", f.client_id))
    if f.sla and scope.is_staff:
        checks.append(("sla_state = ANY(%s)", f.sla))
    if f.text:
        checks.append(("subject ILIKE %s", _like(f.text)))
    if f.created_from:
        checks.append(("opened_at >= %s", f.created_from))
    if f.created_to:
        checks.append(("opened_at < %s", f.created_to))
    activity = "last_activity_at" if scope.is_staff else "client_activity_at"
    if f.updated_from:
        checks.append((f"{activity} >= %s", f.updated_from))
    if f.updated_to:
        checks.append((f"{activity} < %s", f.updated_to))
    for text, value in checks:
        clause = clause.and_(Clause(sql.SQL(text), (value,)))
    return clause


def list_tickets(
    conn: Connection[Any],
    scope: Scope,
    f: TicketFilter,
    *,
    sort: Sort = "activity",
    descending: bool | None = None,
    limit: int = 50,
    cursor: str | None = None,
) -> TicketPage:
    """A page of the tickets ``scope`` may see matching ``f``, with counts per status under the other filters."""
    keyset = (_STAFF_ORDERS if scope.is_staff else _CLIENT_ORDERS)[sort]
    if descending is not None and descending != keyset.descending:
        keyset = keyset.reversed()
    page = fetch_page(conn, QUEUE, _where(f, scope), keyset, limit=limit, cursor=cursor)
    return TicketPage(page.items, page.next_cursor, _counts(conn, scope, f))


def _counts(conn: Connection[Any], scope: Scope, f: TicketFilter) -> dict[str, int]:
    where = _where(f, scope, with_status=False)
    table, total = ("ticket_counts", "sum(tickets)::int") if f.counted_by_table else ("ticket_queue", "count(*)::int")
    query = sql.SQL("SELECT status, {} FROM {} WHERE {} GROUP BY status HAVING {} > 0").format(
        sql.SQL(total), sql.Identifier(table), where.sql, sql.SQL(total)
    )
    return dict(conn.execute(query, where.params).fetchall())


def get_ticket(conn: Connection[Any], scope: Scope, ticket_id: UUID) -> dict[str, Any] | None:
    """One ticket's row with its latest thread entries, oldest first; a client sees client entries only."""
    where = visible(scope)
    with conn.cursor(row_factory=dict_row) as cur:
        row = cur.execute(
            sql.SQL("SELECT {} FROM ticket_queue WHERE id = %s AND {}").format(QUEUE.select_list, where.sql),
            (ticket_id, *where.params),
        ).fetchone()
        if row is None:
            return None
        row["thread"], row["thread_total"] = thread_of(conn, scope, ticket_id)
    return row


def thread_of(
    conn: Connection[Any], scope: Scope, ticket_id: UUID, *, limit: int = LATEST_ENTRIES
) -> tuple[list[dict[str, Any]], int]:
    """The latest ``limit`` thread entries ``scope`` may see (oldest first), and how many it may see in all."""
    audience = Clause.true() if scope.is_staff else Clause(sql.SQL("audience = %s"), (CLIENT_AND_STAFF,))
    with conn.cursor(row_factory=dict_row) as cur:
        entries = cur.execute(
            sql.SQL("SELECT {} FROM {} WHERE ticket_id = %s AND {} ORDER BY version DESC LIMIT %s").format(
                THREAD.select_list, sql.Identifier(THREAD.name), audience.sql
            ),
            (ticket_id, *audience.params, limit),
        ).fetchall()
        counted = cur.execute(
            sql.SQL("SELECT count(*) AS n FROM ticket_thread WHERE ticket_id = %s AND {}").format(audience.sql),
            (ticket_id, *audience.params),
        ).fetchone()
    return entries[::-1], int(counted["n"]) if counted else 0


def ticket_for_message_ids(conn: Connection[Any], message_ids: list[str]) -> UUID | None:
    """The ticket whose thread holds one of ``message_ids`` (an email already recorded on it), if any."""
    wanted = [m.strip() for m in message_ids if m.strip()]
    if not wanted:
        return None
    row = conn.execute(
        "SELECT ticket_id FROM ticket_thread WHERE message_id = ANY(%s) ORDER BY written_at DESC LIMIT 1", (wanted,)
    ).fetchone()
    return row[0] if row else None


def open_ticket_ids(conn: Connection[Any]) -> list[UUID]:
    """Every ticket not closed (whose timers a policy change may move)."""
    return [r[0] for r in conn.execute("SELECT id FROM ticket_queue WHERE status <> 'closed' ORDER BY id")]
