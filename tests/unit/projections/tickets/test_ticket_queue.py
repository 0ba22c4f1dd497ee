"""The ticket queue's rows, thread and counts, given ticket events: the in-memory writer, no PostgreSQL."""

from __future__ import annotations

import json
from uuid import UUID

from domain.tickets import ClientMessage, Escalation, Priority, Requester, RequesterKind, TicketStatus
from projections.engine import MemoryWriter, replay
from projections.tickets import TicketQueue
from projections.tickets.tables import NOT_DUE
from tests.unit.projections.log import events_of
from tests.unit.tickets.builders import T0, TIMER, Desk, at

S = TicketStatus


def view(desk: Desk, *, batch: int = 1) -> MemoryWriter:
    return replay(TicketQueue(), events_of(desk.app), batch=batch)


def row_of(written: MemoryWriter, ticket_id: UUID) -> dict[str, object]:
    return next(r for r in written.rows("ticket_queue") if r["id"] == ticket_id)


def kinds(written: MemoryWriter, ticket_id: UUID, audience: str | None = None) -> list[str]:
    entries = sorted(
        (e for e in written.rows("ticket_thread") if e["ticket_id"] == ticket_id), key=lambda e: e["version"]
    )
    return [e["kind"] for e in entries if audience is None or e["audience"] == audience]


def test_opened_ticket_is_an_open_row_with_its_first_message_when_a_client_writes(desk: Desk) -> None:
    ticket_id = desk.open(subject="Checkout not working", message="Nobody can pay since 9h.")
    written = view(desk)
    row = row_of(written, ticket_id)
    assert (row["status"], row["priority"], row["urgent_category"], row["channel"]) == (
        "open",
        "urgent",
        "checkout",
        "portal",
    )
    assert (row["opened_at"], row["last_activity_at"], row["client_activity_at"], row["due_at"]) == (
        T0,
        T0,
        T0,
        NOT_DUE,
    )
    (entry,) = written.rows("ticket_thread")
    assert (entry["kind"], entry["audience"], entry["text"]) == (
        "opened",
        "client_and_staff",
        "Nobody can pay since 9h.",
    )
    assert written.rows("ticket_counts") == [
        {"status": "open", "client_id": "client-acme", "assignee_id": "", "tickets": 1}
    ]


def test_internal_note_is_a_staff_only_entry_and_leaves_the_client_side_untouched_when_added(desk: Desk) -> None:
    ticket_id = desk.in_status(S.IN_PROGRESS)
    desk.tickets.add_internal_note(at(desk.agent, 30), ticket_id, "Their host is flaky; do not mention it.")
    written = view(desk)
    row = row_of(written, ticket_id)
    assert row["internal_notes"] == 1 and row["last_activity_at"] > row["client_activity_at"]
    note = [e for e in written.rows("ticket_thread") if e["kind"] == "internal_note"]
    assert [e["audience"] for e in note] == ["staff_only"]
    assert "internal_note" not in kinds(written, ticket_id, "client_and_staff")
    assert "assigned" not in kinds(written, ticket_id, "client_and_staff")


def test_first_staff_reply_meets_the_first_response_and_clears_its_due_time_when_sent(desk: Desk) -> None:
    ticket_id = desk.open()
    due = desk.get(ticket_id).opened_at.replace(hour=17)
    desk.timers.record_due_times(at(TIMER, 1), ticket_id, due, None, 0)
    assert row_of(view(desk), ticket_id)["due_at"] == due
    desk.tickets.reply(at(desk.agent, 10), ticket_id, "Looking into it now.")
    row = row_of(view(desk), ticket_id)
    assert row["first_response_at"] is not None and row["sla_state"] == "ok"
    assert row["first_response_sla"] == "met" and row["staff_replies"] == 1 and row["due_at"] == NOT_DUE


def test_sla_marks_show_at_risk_then_breached_and_reset_when_the_priority_changes(desk: Desk) -> None:
    ticket_id = desk.open(subject="Checkout not working")
    desk.timers.mark_at_risk(at(TIMER, 46), ticket_id, "first_response", "k1")
    assert row_of(view(desk), ticket_id)["sla_state"] == "at_risk"
    desk.timers.record_breach(at(TIMER, 61), ticket_id, "first_response", "k2")
    written = view(desk)
    assert row_of(written, ticket_id)["sla_state"] == "breached"
    assert kinds(written, ticket_id)[-2:] == ["sla_at_risk", "sla_breached"]
    desk.tickets.change_priority(at(desk.admin, 62), ticket_id, Priority.HIGH, reason="Only one product page")
    row = row_of(view(desk), ticket_id)
    assert (row["priority"], row["sla_state"], row["first_response_sla"]) == ("high", "ok", "")


def test_client_reply_reopens_a_resolved_ticket_and_counts_move_with_it_when_written(desk: Desk) -> None:
    ticket_id = desk.in_status(S.RESOLVED)
    me = Requester(RequesterKind.CLIENT_USER, desk.client.id)
    desk.tickets.reply_from_client(at(desk.client, 60), ticket_id, ClientMessage("Still broken.", me))
    written = view(desk, batch=50)
    row = row_of(written, ticket_id)
    assert (row["status"], row["reopen_count"], row["client_messages"]) == ("open", 1, 2)
    assert kinds(written, ticket_id)[-2:] == ["client_message", "reopened"]
    assert written.rows("ticket_counts") == [
        {"status": "open", "client_id": "client-acme", "assignee_id": desk.agent.id, "tickets": 1}
    ]


def test_escalation_hands_the_row_to_the_admin_until_acknowledged_when_escalated(desk: Desk) -> None:
    ticket_id = desk.in_status(S.IN_PROGRESS)
    desk.tickets.escalate(at(desk.agent, 5), ticket_id, Escalation(UUID(desk.admin.id), "Needs a refund", "Retried"))
    row = row_of(view(desk), ticket_id)
    assert (row["assignee_id"], row["escalated_to"], row["escalation_acknowledged"]) == (
        desk.admin.id,
        desk.admin.id,
        False,
    )
    desk.tickets.acknowledge_escalation(at(desk.admin, 9), ticket_id)
    written = view(desk)
    assert row_of(written, ticket_id)["escalation_acknowledged"] is True
    escalated = next(e for e in written.rows("ticket_thread") if e["kind"] == "escalated")
    assert escalated["audience"] == "staff_only" and json.loads(escalated["details"])["tried"] == "Retried"


def test_auto_close_and_a_later_client_message_open_a_linked_follow_up_when_written(desk: Desk) -> None:
    ticket_id = desk.in_status(S.RESOLVED)
    desk.timers.auto_close(at(TIMER, 60 * 24 * 8), ticket_id, "k")
    me = Requester(RequesterKind.CLIENT_USER, desk.client.id)
    follow_up = desk.tickets.reply_from_client(at(desk.client, 60 * 24 * 9), ticket_id, ClientMessage("Again", me))
    assert follow_up is not None
    written = view(desk)
    old, new = row_of(written, ticket_id), row_of(written, follow_up.id)
    assert old["status"] == "closed" and old["closed_at"] is not None
    assert json.loads(str(old["follow_ups"])) == [str(follow_up.id)] and new["follows_up"] == str(ticket_id)
    assert kinds(written, ticket_id)[-2:] == ["auto_closed", "follow_up_opened"]


def test_replaying_the_same_events_in_larger_batches_gives_the_same_rows_when_rebuilt(desk: Desk) -> None:
    ticket_id = desk.in_status(S.PENDING_CLIENT)
    desk.tickets.add_internal_note(at(desk.agent, 3), ticket_id, "note")
    desk.tickets.change_status(at(desk.agent, 4), ticket_id, S.RESOLVED)
    one, many = view(desk), view(desk, batch=100)
    for table in ("ticket_queue", "ticket_thread", "ticket_counts"):
        assert one.rows(table) == many.rows(table)
