"""The handoff board's tables.

``handoff_board``: one row per handoff, as its events leave it. ``handoff_projects``:
one row per project with the evidence fold of its proving records
(``domain.handoff.evidence.ProjectEvidence``), kept for every project from its
creation because tasks and documents come long before a handoff starts.
``handoff_links``: which projects a task, document, invoice or contract proves
things for. Rows of these last two change on events of *other* records, so
their ``version`` is the log position of the last event applied (a replayed
event is at or below it and changes nothing). ``handoff_tickets``: each
ticket's side and owner, with counts per client and side.
"""

from __future__ import annotations

from projections.engine import Column, Entities, counts
from projections.engine import position_column as position
from projections.engine import version_column as version

HANDOFFS = Entities(
    "handoff_board",
    (
        Column("id", "uuid"),
        Column("project_id", "text"),
        Column("client_id", "text"),
        Column("stage", "text", changes=True),
        Column("data", "text", changes=True),  # JSON, as recorded
        Column("contract", "text", changes=True, default="{}"),  # JSON
        Column("final_invoice_id", "text", changes=True, default=""),
        Column("ticks", "text", changes=True, default="{}"),  # JSON: item -> who, when, note
        Column("stages", "text", changes=True, default="{}"),  # JSON: stage -> when, by whom
        Column("window_closes_at", "timestamptz", changes=True, default=None),
        Column("window_closed", "boolean", changes=True, default=False),
        Column("override_reason", "text", changes=True, default=""),
        Column("monthly_calls", "text", changes=True, default="{}"),  # JSON
        Column("created_at", "timestamptz"),
        Column("updated_at", "timestamptz", changes=True),
        version(),
        position(),
    ),
    indexes=("(client_id)", "(project_id)", "(stage, updated_at)"),
)

PROJECTS = Entities(
    "handoff_projects",
    (
        Column("id", "uuid"),
        Column("name", "text", changes=True),
        Column("client_id", "text"),
        Column("manager_id", "text", changes=True),
        Column("status", "text", changes=True),
        Column("evidence", "text", changes=True),  # JSON: ProjectEvidence.as_record()
        Column("version", "bigint", changes=True),  # the log position of the last event applied
    ),
)

LINKS = Entities(
    "handoff_links",
    (
        Column("id", "uuid"),  # a task, document, invoice or contract
        Column("projects", "text", changes=True),  # JSON list of project ids
        Column("version", "bigint", changes=True),  # the log position of the last event applied
    ),
)

TICKETS = Entities(
    "handoff_tickets",
    (
        Column("id", "uuid"),  # the ticket's ownership record
        Column("ticket_id", "text"),
        Column("client_id", "text"),
        Column("project_id", "text"),
        Column("split_from", "text"),
        Column("side", "text", changes=True, default=""),
        Column("topic", "text", changes=True, default=""),
        Column("change_order", "boolean", changes=True, default=False),
        Column("owner_id", "text", changes=True, default=""),
        Column("owner_name", "text", changes=True, default=""),
        Column("claimed_at", "timestamptz", changes=True, default=None),
        Column("parts", "text", changes=True, default="[]"),  # JSON list of split-off ticket ids
        version(),
    ),
    indexes=("(ticket_id)",),
)
TICKET_SIDES = counts("handoff_ticket_sides", TICKETS, ("client_id", "side"))
