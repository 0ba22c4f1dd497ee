"""The lead pipeline: one row per lead, its notes, for staff lists and counts."""

from __future__ import annotations

from typing import Any

from psycopg import Cursor, sql

from domain.leads import Lead
from projections.base import Projection, Tables, handles


class LeadPipeline(Projection):
    """Leads by status, source and date, with their notes."""

    name = "lead_pipeline"
    # 2: the website column (Lead.Registered version 2).
    version = 2
    tables = {  # noqa: RUF012
        "lead_pipeline": """
            id uuid PRIMARY KEY,
            name text NOT NULL,
            company text NOT NULL,
            email text NOT NULL,
            phone text NOT NULL,
            source text NOT NULL,
            website text NOT NULL DEFAULT '',
            status text NOT NULL,
            lost_reason text NOT NULL DEFAULT '',
            notes_count integer NOT NULL DEFAULT 0,
            created_at timestamptz NOT NULL,
            updated_at timestamptz NOT NULL,
            created_by text NOT NULL,
            version integer NOT NULL,
            position bigint NOT NULL
        """,
        "lead_notes": """
            lead_id uuid NOT NULL,
            version integer NOT NULL,
            text text NOT NULL,
            author_id text NOT NULL,
            written_at timestamptz NOT NULL,
            PRIMARY KEY (lead_id, version)
        """,
    }
    indexes = {  # noqa: RUF012
        "lead_pipeline": ["(created_at, id)", "(updated_at, id)", "(status)"],
    }

    @handles(Lead.Registered)
    def registered(self, cur: Cursor[Any], e: Lead.Registered, t: Tables, position: int) -> None:
        cur.execute(
            sql.SQL(
                "INSERT INTO {} (id, name, company, email, phone, source, website, status, notes_count,"
                " created_at, updated_at, created_by, version, position)"
                " VALUES (%s, %s, %s, %s, %s, %s, %s, 'new', %s, %s, %s, %s, %s, %s)"
                " ON CONFLICT (id) DO NOTHING"
            ).format(t["lead_pipeline"]),
            (
                e.originator_id,
                e.name,
                e.company,
                e.email,
                e.phone,
                e.source,
                e.website,
                1 if e.notes else 0,
                e.timestamp,
                e.timestamp,
                e.actor_id,
                e.originator_version,
                position,
            ),
        )
        if e.notes:
            self._insert_note(cur, t, e.originator_id, e.originator_version, e.notes, e.actor_id, e.timestamp)

    @handles(Lead.StatusChanged)
    def status_changed(self, cur: Cursor[Any], e: Lead.StatusChanged, t: Tables, position: int) -> None:
        self._touch(cur, t, e, position, "status = %s", (e.to_status,))

    @handles(Lead.MarkedLost)
    def marked_lost(self, cur: Cursor[Any], e: Lead.MarkedLost, t: Tables, position: int) -> None:
        self._touch(cur, t, e, position, "status = 'lost', lost_reason = %s", (e.reason,))

    @handles(Lead.NoteAdded)
    def note_added(self, cur: Cursor[Any], e: Lead.NoteAdded, t: Tables, position: int) -> None:
        self._touch(cur, t, e, position, "notes_count = notes_count + 1", ())
        self._insert_note(cur, t, e.originator_id, e.originator_version, e.text, e.actor_id, e.timestamp)

    @staticmethod
    def _touch(
        cur: Cursor[Any], t: Tables, e: Lead.Event, position: int, assignments: str, params: tuple[Any, ...]
    ) -> None:
        # The version guard makes a replayed event a no-op.
        cur.execute(
            sql.SQL(
                "UPDATE {} SET " + assignments + ", updated_at = %s, version = %s, position = %s"
                " WHERE id = %s AND version < %s"
            ).format(t["lead_pipeline"]),
            (*params, e.timestamp, e.originator_version, position, e.originator_id, e.originator_version),
        )

    @staticmethod
    def _insert_note(cur: Cursor[Any], t: Tables, lead_id: Any, version: int, text: str, author: str, at: Any) -> None:
        cur.execute(
            sql.SQL(
                "INSERT INTO {} (lead_id, version, text, author_id, written_at) VALUES (%s, %s, %s, %s, %s)"
                " ON CONFLICT DO NOTHING"
            ).format(t["lead_notes"]),
            (lead_id, version, text, author, at),
        )
