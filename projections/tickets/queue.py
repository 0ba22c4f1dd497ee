"""The ticket queue: one row per ticket (status, SLA state, due time), its thread, and counts per status.

Every thread entry keeps the audience its event class declares
(``domain.tickets.thread``): client views read only ``client_and_staff``
entries, so an internal note can never reach them, whatever a query forgets.
"""

from __future__ import annotations

import json
from typing import Any

from domain.tickets import Ticket
from domain.tickets.thread import audience_of, visible_to_client
from projections.engine import Fold, Projection, Row, handles
from projections.tickets.tables import COUNTS, NOT_DUE, QUEUE, THREAD


def sla_state(row: Row) -> str:
    """What the queue shows: breached if any target was missed, at risk if one is close, otherwise ok."""
    marks = (row["first_response_sla"], row["resolution_sla"])
    return "breached" if "breached" in marks else "at_risk" if "at_risk" in marks else "ok"


def _settle(row: Row) -> None:
    row["sla_state"] = sla_state(row)
    due = row["first_response_due"] or row["resolution_due"]
    row["due_at"] = due or NOT_DUE


def _entry(fold: Fold, e: Ticket.Event, kind: str, *, text: str = "", **more: Any) -> None:
    """A thread entry for ``e``, with the audience its class declares."""
    fold.append(
        THREAD,
        ticket_id=e.originator_id,
        version=e.originator_version,
        kind=kind,
        audience=audience_of(e),
        author_id=more.pop("author_id", e.actor_id),
        author_role=more.pop("author_role", e.actor_role),
        text=text,
        attachments=json.dumps(more.pop("attachments", [])),
        message_id=more.pop("message_id", ""),
        details=json.dumps(more, default=str, sort_keys=True),
        written_at=e.timestamp,
    )


class TicketQueue(Projection):
    """Tickets for the staff queue and the client portal, with their threads."""

    name = "ticket_queue"
    version = 1
    tables = (QUEUE, THREAD, COUNTS)

    def _touch(self, fold: Fold, e: Ticket.Event) -> Row | None:
        row = fold.update(QUEUE, e)
        if row is not None:
            row["last_activity_at"] = e.timestamp
            if visible_to_client(e):
                row["client_activity_at"] = e.timestamp
        return row

    @handles(Ticket.Opened)
    def opened(self, fold: Fold, e: Ticket.Opened) -> None:
        fold.insert(
            QUEUE,
            e,
            subject=e.subject,
            client_id=e.client_id,
            project_id=e.project_id,
            requester_kind=e.requester_kind,
            requester_id=e.requester_id,
            category=e.category,
            urgent_category=e.urgent_category,
            channel=e.channel,
            follows_up=e.follows_up,
            priority=e.priority,
            status="open",
            opened_at=e.timestamp,
            opened_by=e.actor_id,
            last_activity_at=e.timestamp,
            client_activity_at=e.timestamp,
            client_messages=1 if e.message or e.attachments else 0,
        )
        _entry(
            fold,
            e,
            "opened",
            text=e.message,
            author_id=e.requester_id,
            author_role=e.requester_kind,
            attachments=e.attachments,
            message_id=e.message_id,
            channel=e.channel,
            priority=e.priority,
            urgent_category=e.urgent_category,
            urgent_phrase=e.urgent_phrase,
            follows_up=e.follows_up,
            opened_by=e.actor_id,
        )

    @handles(Ticket.ClientReplied)
    def client_replied(self, fold: Fold, e: Ticket.ClientReplied) -> None:
        if (row := self._touch(fold, e)) is not None:
            row["client_messages"] += 1
        _entry(
            fold,
            e,
            "client_message",
            text=e.text,
            author_id=e.author_id,
            author_role=e.author_kind,
            attachments=e.attachments,
            message_id=e.message_id,
            channel=e.channel,
        )

    @handles(Ticket.Reopened)
    def reopened(self, fold: Fold, e: Ticket.Reopened) -> None:
        if (row := self._touch(fold, e)) is not None:
            row.update(status="open", reopen_count=row["reopen_count"] + 1, closed_at=None)
            if row["resolution_sla"] == "met":
                row["resolution_sla"] = ""
            _settle(row)
        _entry(fold, e, "reopened", from_status=e.from_status)

    @handles(Ticket.StaffReplied)
    def staff_replied(self, fold: Fold, e: Ticket.StaffReplied) -> None:
        if (row := self._touch(fold, e)) is not None:
            row["staff_replies"] += 1
            if row["first_response_at"] is None:
                row["first_response_at"] = e.timestamp
                row["first_response_due"] = None
                if row["first_response_sla"] != "breached":
                    row["first_response_sla"] = "met"
                _settle(row)
        _entry(fold, e, "staff_reply", text=e.text, attachments=e.attachments)

    @handles(Ticket.InternalNoteAdded)
    def internal_note(self, fold: Fold, e: Ticket.InternalNoteAdded) -> None:
        if (row := self._touch(fold, e)) is not None:
            row["internal_notes"] += 1
        _entry(fold, e, "internal_note", text=e.text, attachments=e.attachments)

    def _moved(self, fold: Fold, e: Ticket.Event, to: str) -> None:
        if (row := self._touch(fold, e)) is not None:
            row["status"] = to
            if to == "resolved":
                row["resolved_at"] = e.timestamp
                if row["resolution_sla"] != "breached":
                    row["resolution_sla"] = "met" if row["resolution_sla"] or row["resolution_due"] else ""
            row["closed_at"] = e.timestamp if to == "closed" else None
            _settle(row)

    @handles(Ticket.StatusChanged)
    def status_changed(self, fold: Fold, e: Ticket.StatusChanged) -> None:
        self._moved(fold, e, e.to_status)
        _entry(fold, e, "status_changed", from_status=e.from_status, to_status=e.to_status)

    @handles(Ticket.AutoClosed)
    def auto_closed(self, fold: Fold, e: Ticket.AutoClosed) -> None:
        self._moved(fold, e, "closed")
        _entry(fold, e, "auto_closed", resolved_at=e.resolved_at)

    @handles(Ticket.Assigned)
    def assigned(self, fold: Fold, e: Ticket.Assigned) -> None:
        if (row := self._touch(fold, e)) is not None:
            row["assignee_id"] = e.to_assignee
        _entry(fold, e, "assigned", from_assignee=e.from_assignee, to_assignee=e.to_assignee)

    @handles(Ticket.PriorityChanged)
    def priority_changed(self, fold: Fold, e: Ticket.PriorityChanged) -> None:
        if (row := self._touch(fold, e)) is not None:
            # The ticket's marks are per priority: the new targets start unmarked.
            row["priority"] = e.to_priority
            row["first_response_sla"] = "met" if row["first_response_at"] is not None else ""
            row["resolution_sla"] = "met" if row["status"] in ("resolved", "closed") else ""
            _settle(row)
        _entry(fold, e, "priority_changed", text=e.reason, from_priority=e.from_priority, to_priority=e.to_priority)

    @handles(Ticket.FollowUpOpened)
    def follow_up(self, fold: Fold, e: Ticket.FollowUpOpened) -> None:
        if (row := self._touch(fold, e)) is not None:
            row["follow_ups"] = json.dumps([*json.loads(row["follow_ups"]), e.follow_up_id])
        _entry(fold, e, "follow_up_opened", follow_up_id=e.follow_up_id)

    @handles(Ticket.Escalated)
    def escalated(self, fold: Fold, e: Ticket.Escalated) -> None:
        if (row := self._touch(fold, e)) is not None:
            row.update(assignee_id=e.to_admin, escalated_to=e.to_admin, escalation_acknowledged=False)
        _entry(fold, e, "escalated", text=e.reason, tried=e.tried, to_admin=e.to_admin, from_assignee=e.from_assignee)

    @handles(Ticket.EscalationAcknowledged)
    def acknowledged(self, fold: Fold, e: Ticket.EscalationAcknowledged) -> None:
        if (row := self._touch(fold, e)) is not None:
            row["escalation_acknowledged"] = True
        _entry(fold, e, "escalation_acknowledged")

    def _marked(self, fold: Fold, e: Ticket.SlaAtRisk | Ticket.SlaBreached, mark: str, **details: Any) -> None:
        if (row := fold.update(QUEUE, e)) is not None:
            row[f"{e.target}_sla"] = mark
            _settle(row)
        _entry(fold, e, f"sla_{mark}", target=e.target, priority=e.priority, due_at=e.due_at, **details)

    @handles(Ticket.SlaAtRisk)
    def at_risk(self, fold: Fold, e: Ticket.SlaAtRisk) -> None:
        self._marked(fold, e, "at_risk")

    @handles(Ticket.SlaBreached)
    def breached(self, fold: Fold, e: Ticket.SlaBreached) -> None:
        self._marked(fold, e, "breached", elapsed_minutes=e.elapsed_minutes, target_minutes=e.target_minutes)

    @handles(Ticket.DueTimesChanged)
    def due_times(self, fold: Fold, e: Ticket.DueTimesChanged) -> None:
        # Not a thread entry: when the desk's timers fall due is shown on the ticket itself.
        if (row := fold.update(QUEUE, e)) is not None:
            row.update(first_response_due=e.first_response_due, resolution_due=e.resolution_due)
            _settle(row)
