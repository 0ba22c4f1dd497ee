"""Rows of the ticket views turned into what each reader may see.

A client reader gets ``ClientTicketOut`` and ``ClientThreadEntryOut`` built from an
explicit list of fields; entries come to this module already narrowed to the
client's audience by the query, and the audience is checked again here.
"""

from __future__ import annotations

import json
from typing import Any
from uuid import UUID

from api.tickets.schemas import (
    ClientThreadEntryOut,
    ClientTicketOut,
    ThreadEntryOut,
    TicketFileOut,
    TicketOut,
    TicketRequesterOut,
)
from domain.tickets.thread import CLIENT_AND_STAFF

# What a client may read of an entry's details: how the ticket moved, never who it went to or why.
CLIENT_DETAILS = frozenset({"from_status", "to_status", "follow_up_id", "follows_up", "resolved_at", "channel"})


def files_of(ticket_id: UUID, attachments: str | list[dict[str, Any]]) -> list[TicketFileOut]:
    found = json.loads(attachments) if isinstance(attachments, str) else attachments
    return [TicketFileOut(**a, download_url=f"/tickets/{ticket_id}/files/{a['sha256']}") for a in found]


def entry_out(row: dict[str, Any], *, staff: bool) -> ClientThreadEntryOut | ThreadEntryOut:
    details = json.loads(row["details"])
    common = {
        "version": row["version"],
        "kind": row["kind"],
        "author_id": row["author_id"],
        "author_role": row["author_role"],
        "text": row["text"],
        "attachments": files_of(row["ticket_id"], row["attachments"]),
        "written_at": row["written_at"],
    }
    if staff:
        return ThreadEntryOut(**common, details=details, audience=row["audience"], message_id=row["message_id"])
    if row["audience"] != CLIENT_AND_STAFF:
        raise AssertionError("a staff-only entry reached a client reader")
    return ClientThreadEntryOut(**common, details={k: v for k, v in details.items() if k in CLIENT_DETAILS})


def ticket_out(row: dict[str, Any], *, staff: bool) -> ClientTicketOut | TicketOut:
    common = {
        "id": row["id"],
        "subject": row["subject"],
        "client_id": row["client_id"],
        "project_id": row["project_id"],
        "requester": TicketRequesterOut(kind=row["requester_kind"], id=row["requester_id"]),
        "category": row["category"],
        "follows_up": row["follows_up"],
        "follow_ups": json.loads(row["follow_ups"]),
        "priority": row["priority"],
        "status": row["status"],
        "opened_at": row["opened_at"],
        "resolved_at": row["resolved_at"],
        "closed_at": row["closed_at"],
        "client_messages": row["client_messages"],
        "staff_replies": row["staff_replies"],
    }
    if not staff:
        return ClientTicketOut(**common, last_activity_at=row["client_activity_at"])
    staff_only = (
        "urgent_category",
        "channel",
        "assignee_id",
        "escalated_to",
        "escalation_acknowledged",
        "first_response_at",
        "first_response_due",
        "resolution_due",
        "sla_state",
        "internal_notes",
        "reopen_count",
        "version",
        "position",
    )
    return TicketOut(**common, last_activity_at=row["last_activity_at"], **{k: row[k] for k in staff_only})
