"""The lead pipeline: one row per lead, its notes, and lead counts per status and source."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from psycopg import Cursor, sql

from domain.leads import Lead
from projections.base import Projection, Tables, handles

PIPELINE_COLUMNS = (
    "id, name, company, email, phone, source, website, status, lost_reason, notes_count,"
    " created_at, updated_at, created_by, version, position"
)
_FIELDS = tuple(c.strip() for c in PIPELINE_COLUMNS.split(","))
_TYPES = ("uuid", *["text"] * 8, "integer", "timestamptz", "timestamptz", "text", "integer", "bigint")
_CHANGING = ("status", "lost_reason", "notes_count", "updated_at", "version", "position")
_row_values = itemgetter(*_FIELDS)

Row = dict[str, Any]


def _unnest(types: Sequence[str]) -> sql.Composed:
    """``SELECT * FROM unnest(%s::t1[], ...)``: many rows in one statement, one array per column."""
    # %b: binary arrays, much cheaper for psycopg to build than text ones.
    arrays = sql.SQL(", ").join(sql.SQL("%b::" + t + "[]") for t in types)
    return sql.SQL("SELECT * FROM unnest({})").format(arrays)


@dataclass(frozen=True)
class _Statements:
    """One generation's SQL, rendered once so psycopg reuses its prepared form."""

    rows: bytes
    upsert: bytes
    note: bytes
    count: bytes

    @classmethod
    def render(cls, t: Tables) -> _Statements:
        pipeline, notes, counts = t["lead_pipeline"], t["lead_notes"], t["lead_counts"]
        updates = sql.SQL(", ").join(sql.SQL("{0} = EXCLUDED.{0}").format(sql.Identifier(c)) for c in _CHANGING)
        return cls(
            rows=sql.SQL("SELECT " + PIPELINE_COLUMNS + " FROM {} WHERE id = ANY(%b)").format(pipeline).as_bytes(),
            # The version guard makes a replayed event a no-op.
            upsert=sql.SQL(
                "INSERT INTO {0} (" + PIPELINE_COLUMNS + ") {1} ON CONFLICT (id) DO UPDATE SET {2}"
                " WHERE {0}.version < EXCLUDED.version"
            )
            .format(pipeline, _unnest(_TYPES), updates)
            .as_bytes(),
            note=sql.SQL("INSERT INTO {} (lead_id, version, text, author_id, written_at) {} ON CONFLICT DO NOTHING")
            .format(notes, _unnest(("uuid", "integer", "text", "text", "timestamptz")))
            .as_bytes(),
            count=sql.SQL(
                "INSERT INTO {0} (status, source, leads) VALUES (%s, %s, %s)"
                " ON CONFLICT (status, source) DO UPDATE SET leads = {0}.leads + EXCLUDED.leads"
            )
            .format(counts)
            .as_bytes(),
        )


def _columns(rows: Sequence[Sequence[Any]]) -> list[list[Any]]:
    return [list(column) for column in zip(*rows, strict=True)]


class PipelineBatch:
    """A batch of the pipeline folded in memory: each lead's row as it will be written.

    Handlers change rows here; the projection then writes each changed row once,
    the batch's notes, and how the counts per status and source moved.
    """

    def __init__(self, existing: dict[Any, Row]) -> None:
        self.rows = existing
        self.counted_as = {lead_id: (row["status"], row["source"]) for lead_id, row in existing.items()}
        self.changed: set[Any] = set()
        self.notes: list[tuple[Any, ...]] = []

    def add(self, row: Row) -> None:
        self.rows[row["id"]] = row
        self.changed.add(row["id"])

    def lead(self, e: Lead.Event, position: int) -> Row | None:
        """The lead's row, moved to ``e``; None when the row already has ``e`` (a replay) or is unknown."""
        row = self.rows.get(e.originator_id)
        if row is None or row["version"] >= e.originator_version:
            return None
        row.update(updated_at=e.timestamp, version=e.originator_version, position=position)
        self.changed.add(e.originator_id)
        return row

    def note(self, lead_id: Any, version: int, text: str, author_id: str, written_at: Any) -> None:
        self.notes.append((lead_id, version, text, author_id, written_at))

    def count_moves(self) -> list[tuple[str, str, int]]:
        """(status, source, +/- leads) for every pair whose count this batch changed."""
        moves: Counter[tuple[str, str]] = Counter()
        for lead_id in self.changed:
            row = self.rows[lead_id]
            now, before = (row["status"], row["source"]), self.counted_as.get(lead_id)
            if now != before:
                moves[now] += 1
                if before is not None:
                    moves[before] -= 1
        return [(status, source, n) for (status, source), n in sorted(moves.items()) if n]


class LeadPipeline(Projection):
    """Leads by status, source and date, with their notes and counts."""

    name = "lead_pipeline"
    # 2: the website column (Lead.Registered version 2).
    # 3: lead_counts, so a pipeline page need not count the whole table.
    version = 3
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
        "lead_counts": """
            status text NOT NULL,
            source text NOT NULL,
            leads integer NOT NULL,
            PRIMARY KEY (status, source)
        """,
    }
    indexes = {  # noqa: RUF012
        "lead_pipeline": ["(created_at, id)", "(updated_at, id)", "(status)"],
    }

    def __init__(self) -> None:
        super().__init__()
        self._statements: dict[int, _Statements] = {}

    def apply_batch(self, cur: Cursor[Any], events: Sequence[tuple[int, str, Any]], tables: Tables) -> None:
        """Fold the batch into the rows it touches, then write each changed row once."""
        s = self._statements.get(tables.generation) or self._statements.setdefault(
            tables.generation, _Statements.render(tables)
        )
        ids = list({e.originator_id for _, _, e in events})
        existing = {row[0]: dict(zip(_FIELDS, row, strict=True)) for row in cur.execute(s.rows, (ids,)).fetchall()}
        batch = PipelineBatch(existing)
        for position, topic, event in events:
            handler = self.handler_for(topic)
            if handler is not None:
                handler(self, batch, event, position)
        if batch.changed:
            cur.execute(s.upsert, _columns([_row_values(batch.rows[i]) for i in batch.changed]))
        if batch.notes:
            cur.execute(s.note, _columns(batch.notes))
        moves = batch.count_moves()
        if moves:
            cur.executemany(s.count, moves)

    @handles(Lead.Registered)
    def registered(self, b: PipelineBatch, e: Lead.Registered, position: int) -> None:
        if e.originator_id in b.rows:
            return  # a replay: the lead is already there
        b.add(
            {
                "id": e.originator_id,
                "name": e.name,
                "company": e.company,
                "email": e.email,
                "phone": e.phone,
                "source": e.source,
                "website": e.website,
                "status": "new",
                "lost_reason": "",
                "notes_count": 1 if e.notes else 0,
                "created_at": e.timestamp,
                "updated_at": e.timestamp,
                "created_by": e.actor_id,
                "version": e.originator_version,
                "position": position,
            }
        )
        if e.notes:
            b.note(e.originator_id, e.originator_version, e.notes, e.actor_id, e.timestamp)

    @handles(Lead.StatusChanged)
    def status_changed(self, b: PipelineBatch, e: Lead.StatusChanged, position: int) -> None:
        if (row := b.lead(e, position)) is not None:
            row["status"] = e.to_status

    @handles(Lead.MarkedLost)
    def marked_lost(self, b: PipelineBatch, e: Lead.MarkedLost, position: int) -> None:
        if (row := b.lead(e, position)) is not None:
            row.update(status="lost", lost_reason=e.reason)

    @handles(Lead.NoteAdded)
    def note_added(self, b: PipelineBatch, e: Lead.NoteAdded, position: int) -> None:
        if (row := b.lead(e, position)) is not None:
            row["notes_count"] += 1
        b.note(e.originator_id, e.originator_version, e.text, e.actor_id, e.timestamp)
