"""The ticket queue's tables: one row per ticket, its thread entries, and tickets per status."""

from __future__ import annotations

from datetime import UTC, datetime

from projections.engine import Appends, Column, Entities, counts
from projections.engine import position_column as position
from projections.engine import version_column as version

# A ticket with no SLA clock running sorts after every due time (a keyset column cannot be null).
NOT_DUE = datetime(9999, 12, 31, tzinfo=UTC)

QUEUE = Entities(
    "ticket_queue",
    (
        Column("id", "uuid"),
        Column("subject", "text"),
        Column("client_id", "text"),
        Column("project_id", "text"),
        Column("requester_kind", "text"),
        Column("requester_id", "text"),
        Column("category", "text"),
        Column("urgent_category", "text", changes=True, default=""),
        Column("channel", "text"),
        Column("follows_up", "text", default=""),
        Column("follow_ups", "text", changes=True, default="[]"),  # JSON list of ticket ids
        Column("priority", "text", changes=True),
        Column("status", "text", changes=True),
        Column("assignee_id", "text", changes=True, default=""),
        Column("escalated_to", "text", changes=True, default=""),
        Column("escalation_acknowledged", "boolean", changes=True, default=False),
        Column("opened_at", "timestamptz"),
        Column("opened_by", "text"),
        Column("last_activity_at", "timestamptz", changes=True),
        # Moved only by what the client sees: a staff-only note does not make a ticket look busy to them.
        Column("client_activity_at", "timestamptz", changes=True),
        Column("first_response_at", "timestamptz", changes=True, default=None),
        Column("resolved_at", "timestamptz", changes=True, default=None),
        Column("closed_at", "timestamptz", changes=True, default=None),
        Column("first_response_due", "timestamptz", changes=True, default=None),
        Column("resolution_due", "timestamptz", changes=True, default=None),
        Column("due_at", "timestamptz", changes=True, default=NOT_DUE),
        Column("first_response_sla", "text", changes=True, default=""),  # "", at_risk, breached, met
        Column("resolution_sla", "text", changes=True, default=""),
        Column("sla_state", "text", changes=True, default="ok"),  # ok, at_risk, breached
        Column("client_messages", "integer", changes=True, default=0),
        Column("staff_replies", "integer", changes=True, default=0),
        Column("internal_notes", "integer", changes=True, default=0),
        Column("reopen_count", "integer", changes=True, default=0),
        Column("updated_at", "timestamptz", changes=True),
        version(),
        position(),
    ),
    indexes=(
        "(last_activity_at, id)",
        "(due_at, id)",
        "(client_id, client_activity_at, id)",
        "(assignee_id, status)",
        "(status)",
    ),
)

THREAD = Appends(
    "ticket_thread",
    (
        Column("ticket_id", "uuid"),
        Column("version", "integer"),
        Column("kind", "text"),
        Column("audience", "text"),  # client_and_staff or staff_only, from the event's class
        Column("author_id", "text"),
        Column("author_role", "text"),  # admin, employee, client, contact, system
        Column("text", "text", default=""),
        Column("attachments", "text", default="[]"),  # JSON list of {name, content_type, size, sha256}
        Column("details", "text", default="{}"),  # JSON: from/to status, priorities, reason, ...
        Column("message_id", "text", default=""),
        Column("written_at", "timestamptz"),
    ),
    key=("ticket_id", "version"),
    indexes=("(message_id) WHERE message_id <> ''",),
)

COUNTS = counts("ticket_counts", of=QUEUE, by=("status", "client_id", "assignee_id"), column="tickets")
