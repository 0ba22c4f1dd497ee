"""The lead pipeline: one row per lead, its notes, and lead counts per status and source."""

from __future__ import annotations

from datetime import date

from domain.leads import Lead
from projections.engine import Appends, Column, Entities, Fold, Projection, counts, handles
from projections.engine import position_column as position
from projections.engine import version_column as version

PIPELINE = Entities(
    "lead_pipeline",
    (
        Column("id", "uuid"),
        # Details a user may correct (Lead.Edited).
        Column("name", "text", changes=True),
        Column("company", "text", changes=True),
        Column("email", "text", changes=True),
        Column("phone", "text", changes=True),
        Column("source", "text", changes=True),
        Column("website", "text", changes=True, default=""),
        Column("owner_id", "text", changes=True, default=""),
        Column("follow_up_on", "date", changes=True, default=None),
        Column("status", "text", changes=True),
        Column("lost_reason", "text", changes=True, default=""),
        Column("notes_count", "integer", changes=True, default=0),
        # The client a converted lead became ("" until then).
        Column("client_id", "text", changes=True, default=""),
        Column("created_at", "timestamptz"),
        Column("updated_at", "timestamptz", changes=True),
        Column("created_by", "text"),
        version(),
        position(),
    ),
    indexes=("(created_at, id)", "(updated_at, id)", "(status)", "(lower(source))"),
)

NOTES = Appends(
    "lead_notes",
    (
        Column("lead_id", "uuid"),
        Column("version", "integer"),
        Column("text", "text"),
        Column("author_id", "text"),
        Column("written_at", "timestamptz"),
    ),
    key=("lead_id", "version"),
)

EDITED_COLUMNS = frozenset({"name", "company", "email", "phone", "source", "website", "owner_id"})

# Kept so a pipeline page need not count the whole table.
COUNTS = counts("lead_counts", of=PIPELINE, by=("status", "source"), column="leads")


class LeadPipeline(Projection):
    """Leads by status, source and date, with their notes and counts."""

    name = "lead_pipeline"
    # 2: the website column (Lead.Registered version 2).
    # 3: lead_counts, so a pipeline page need not count the whole table.
    # 4: client_id, the client a lead was converted into (Lead.ConvertedToClient).
    # 5: details that change (Lead.Edited), owner_id and follow_up_on; Lead.Reopened.
    version = 5
    tables = (PIPELINE, NOTES, COUNTS)

    @handles(Lead.Registered)
    def registered(self, fold: Fold, e: Lead.Registered) -> None:
        row = fold.insert(
            PIPELINE,
            e,
            name=e.name,
            company=e.company,
            email=e.email,
            phone=e.phone,
            source=e.source,
            website=e.website,
            status="new",
            notes_count=1 if e.notes else 0,
            created_at=e.timestamp,
            created_by=e.actor_id,
        )
        if row is not None and e.notes:
            _note(fold, e, e.notes)

    @handles(Lead.StatusChanged)
    def status_changed(self, fold: Fold, e: Lead.StatusChanged) -> None:
        if (row := fold.update(PIPELINE, e)) is not None:
            row["status"] = e.to_status

    @handles(Lead.MarkedLost)
    def marked_lost(self, fold: Fold, e: Lead.MarkedLost) -> None:
        if (row := fold.update(PIPELINE, e)) is not None:
            row.update(status="lost", lost_reason=e.reason)

    @handles(Lead.Edited)
    def edited(self, fold: Fold, e: Lead.Edited) -> None:
        if (row := fold.update(PIPELINE, e)) is not None:
            row.update({k: v for k, v in e.after.items() if k in EDITED_COLUMNS})
            if "follow_up_on" in e.after:
                row["follow_up_on"] = date.fromisoformat(e.after["follow_up_on"]) if e.after["follow_up_on"] else None

    @handles(Lead.Reopened)
    def reopened(self, fold: Fold, e: Lead.Reopened) -> None:
        if (row := fold.update(PIPELINE, e)) is not None:
            row.update(status=e.to_status, lost_reason="")

    @handles(Lead.ConvertedToClient)
    def converted(self, fold: Fold, e: Lead.ConvertedToClient) -> None:
        if (row := fold.update(PIPELINE, e)) is not None:
            row.update(status="converted", client_id=e.client_id)

    @handles(Lead.NoteAdded)
    def note_added(self, fold: Fold, e: Lead.NoteAdded) -> None:
        if (row := fold.update(PIPELINE, e)) is not None:
            row["notes_count"] += 1
        # Written even for a replay: the notes table ignores a note it already has.
        _note(fold, e, e.text)


def _note(fold: Fold, e: Lead.Event, text: str) -> None:
    fold.append(
        NOTES,
        lead_id=e.originator_id,
        version=e.originator_version,
        text=text,
        author_id=e.actor_id,
        written_at=e.timestamp,
    )
