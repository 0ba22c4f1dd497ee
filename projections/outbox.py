"""The email outbox: which emails are queued, sent or dropped (read by the sweep)."""

from __future__ import annotations

from typing import Any

from psycopg import Cursor, sql

from domain.outbox import OutboundEmail
from projections.base import Projection, Tables, handles


class EmailOutbox(Projection):
    """One row per outbound email with its current status."""

    name = "email_outbox"
    version = 1
    tables = {  # noqa: RUF012
        "email_outbox": """
            id uuid PRIMARY KEY,
            to_address text NOT NULL,
            template text NOT NULL,
            status text NOT NULL,
            attempts integer NOT NULL DEFAULT 0,
            last_error text NOT NULL DEFAULT '',
            queued_at timestamptz NOT NULL,
            settled_at timestamptz,
            version integer NOT NULL
        """,
    }
    indexes = {"email_outbox": ["(status, queued_at)"]}  # noqa: RUF012

    @handles(OutboundEmail.Queued)
    def queued(self, cur: Cursor[Any], e: OutboundEmail.Queued, t: Tables, position: int) -> None:
        cur.execute(
            sql.SQL(
                "INSERT INTO {} (id, to_address, template, status, queued_at, version)"
                " VALUES (%s, %s, %s, 'queued', %s, %s) ON CONFLICT (id) DO NOTHING"
            ).format(t["email_outbox"]),
            (e.originator_id, e.to, e.template, e.timestamp, e.originator_version),
        )

    @handles(OutboundEmail.Sent)
    def sent(self, cur: Cursor[Any], e: OutboundEmail.Sent, t: Tables, position: int) -> None:
        self._settle(cur, t, e, "sent")

    @handles(OutboundEmail.Dropped)
    def dropped(self, cur: Cursor[Any], e: OutboundEmail.Dropped, t: Tables, position: int) -> None:
        self._settle(cur, t, e, "dropped")

    @handles(OutboundEmail.SendFailed)
    def failed(self, cur: Cursor[Any], e: OutboundEmail.SendFailed, t: Tables, position: int) -> None:
        cur.execute(
            sql.SQL("UPDATE {} SET attempts = %s, last_error = %s, version = %s WHERE id = %s AND version < %s").format(
                t["email_outbox"]
            ),
            (e.attempt, e.error, e.originator_version, e.originator_id, e.originator_version),
        )

    @staticmethod
    def _settle(cur: Cursor[Any], t: Tables, e: OutboundEmail.Event, status: str) -> None:
        cur.execute(
            sql.SQL("UPDATE {} SET status = %s, settled_at = %s, version = %s WHERE id = %s AND version < %s").format(
                t["email_outbox"]
            ),
            (status, e.timestamp, e.originator_version, e.originator_id, e.originator_version),
        )
