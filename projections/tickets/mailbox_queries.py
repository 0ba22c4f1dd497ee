"""Reads of the support mailbox: who an address belongs to, and the emails received (staff only)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from psycopg import Connection, sql
from psycopg.rows import dict_row

from projections.engine import Keyset, Page, fetch_page, uuid_keys
from projections.scope import Clause, Scope
from projections.tickets.mailbox import INBOX

NEWEST_FIRST = Keyset.of(INBOX, "received_at", descending=True)


@dataclass(frozen=True)
class Person:
    """Someone at a client who may write to the desk: a contact, or a client user of the portal."""

    client_id: str
    kind: str  # contact or client_user
    id: str
    name: str


def people_with_address(conn: Connection[Any], address: str) -> list[Person]:
    """Every contact and active client user with this email address (any letter case)."""
    email = address.strip().lower()
    if not email or "\n" in email:
        return []
    found: list[Person] = []
    rows = conn.execute(
        "SELECT id, contacts FROM support_client_people WHERE position(%s in emails) > 0", (f"\n{email}\n",)
    ).fetchall()
    for client_id, contacts in rows:
        for contact_id, contact in json.loads(contacts).items():
            if contact.get("email", "").lower() == email:
                found.append(Person(str(client_id), "contact", contact_id, contact.get("name", "")))
    users = conn.execute(
        "SELECT id, client_id, name FROM user_directory"
        " WHERE lower(email) = %s AND role = 'client' AND status = 'active' AND client_id <> ''",
        (email,),
    ).fetchall()
    found += [Person(client_id, "client_user", str(user_id), name) for user_id, client_id, name in users]
    return found


def staff_to_notify(conn: Connection[Any], user_ids: list[str], *, admins: bool = False) -> list[tuple[str, str]]:
    """(id, email) of active staff among ``user_ids``, and of every active admin with ``admins``."""
    rows = conn.execute(
        "SELECT id::text, email FROM user_directory WHERE status = 'active' AND role IN ('admin', 'employee')"
        " AND (id = ANY(%s) OR (%s AND role = 'admin')) ORDER BY email",
        (uuid_keys(user_ids), admins),
    ).fetchall()
    return [(user_id, email) for user_id, email in rows]


def list_inbound(
    conn: Connection[Any], scope: Scope, *, status: str | None = None, limit: int = 50, cursor: str | None = None
) -> Page[dict[str, Any]]:
    """Emails received, newest first (staff only), optionally in one status (``held`` for triage)."""
    where = Clause.true() if scope.is_staff else Clause.false()
    if status:
        where = where.and_(Clause(sql.SQL("status = %s"), (status,)))
    return fetch_page(conn, INBOX, where, NEWEST_FIRST, limit=limit, cursor=cursor)


def get_inbound(conn: Connection[Any], scope: Scope, email_id: UUID) -> dict[str, Any] | None:
    if not scope.is_staff:
        return None
    with conn.cursor(row_factory=dict_row) as cur:
        return cur.execute(
            sql.SQL("SELECT {} FROM inbound_emails WHERE id = %s").format(INBOX.select_list), (email_id,)
        ).fetchone()
