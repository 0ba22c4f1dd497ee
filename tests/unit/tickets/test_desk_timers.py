"""The desk's timers process: deadlines follow the ticket's state, and each handler runs its timer command."""

from __future__ import annotations

from datetime import datetime, timedelta
from uuid import UUID
from zoneinfo import ZoneInfo

import pytest

from domain.context import CommandContext
from domain.outbox import OutboundEmail
from domain.tickets import Escalation, Priority, Ticket, TicketStatus
from domain.tickets import deadlines as d
from processes.timers import TIMER_ACTOR, Deadline, deadline_id
from tests.unit.tickets.builders import Desk, at
from tests.unit.tickets.processes import Desks

S = TicketStatus
LISBON = ZoneInfo("Europe/Lisbon")


@pytest.fixture
def desks(desk: Desk) -> Desks:
    found = Desks(desk)
    for actor in (desk.admin, desk.agent):
        found.staff[actor.id] = desk.users.get(UUID(actor.id)).email
    found.admins.add(desk.admin.id)
    return found


def fire(desks: Desks, ticket_id: UUID, purpose: str, now: datetime) -> None:
    due = desks.deadlines.of(ticket_id)[purpose]
    deadline = Deadline(deadline_id("tickets", purpose, str(ticket_id)), "tickets", purpose, str(ticket_id), due)
    desks.timers.timers()[purpose](deadline, CommandContext(TIMER_ACTOR, now))
    desks.run()


def test_opening_sets_the_first_response_deadlines_and_records_the_due_time(desks: Desks) -> None:
    ticket_id = desks.desk.open()
    desks.run()
    due = datetime(2026, 3, 2, 17, tzinfo=LISBON)
    assert desks.deadlines.of(ticket_id) == {
        d.FIRST_RESPONSE_AT_RISK: due - timedelta(hours=2),
        d.FIRST_RESPONSE_BREACH: due,
    }
    assert desks.desk.get(ticket_id).due_times == [due, None]


def test_waiting_on_the_client_cancels_the_deadlines_and_the_resume_moves_them_by_the_pause(desks: Desks) -> None:
    desk = desks.desk
    ticket_id = desk.in_status(S.PENDING_CLIENT, minutes=60)
    desks.run()
    assert desks.deadlines.of(ticket_id) == {} and desk.get(ticket_id).due_times == [None, None]
    desk.tickets.change_status(at(desk.agent, 180), ticket_id, S.IN_PROGRESS)
    desks.run()
    # Opened at 10:00, due 18:00; two business hours waited move it to 20:00, past closing: 12:00 the next day.
    assert desks.deadlines.of(ticket_id)[d.FIRST_RESPONSE_BREACH] == datetime(2026, 3, 3, 12, tzinfo=LISBON)


def test_a_breach_is_recorded_by_its_handler_and_tells_the_assignee_and_the_admins(desks: Desks) -> None:
    desk = desks.desk
    ticket_id = desk.in_status(S.IN_PROGRESS)
    desk.tickets.change_priority(at(desk.admin, 1), ticket_id, Priority.URGENT)
    desks.run()
    fire(desks, ticket_id, d.FIRST_RESPONSE_AT_RISK, datetime(2026, 3, 2, 9, 46, tzinfo=LISBON))
    fire(desks, ticket_id, d.FIRST_RESPONSE_BREACH, datetime(2026, 3, 2, 10, 2, tzinfo=LISBON))
    marks = [t for t in desks.desk.topics(ticket_id) if t in (Ticket.SlaAtRisk.TOPIC, Ticket.SlaBreached.TOPIC)]
    assert marks == [Ticket.SlaAtRisk.TOPIC, Ticket.SlaBreached.TOPIC]
    breached = [e for e in _emails(desks) if e.template == "ticket.breached"]
    assert sorted(e.to for e in breached) == sorted(desks.staff.values())
    assert d.FIRST_RESPONSE_BREACH not in desks.deadlines.of(ticket_id)


def test_a_resolved_ticket_closes_when_its_auto_close_deadline_fires(desks: Desks) -> None:
    desk = desks.desk
    ticket_id = desk.in_status(S.RESOLVED, minutes=30)
    desks.run()
    due = desks.deadlines.of(ticket_id)[d.AUTO_CLOSE]
    assert due == desk.get(ticket_id).resolved_at + timedelta(days=7)  # type: ignore[operator]
    fire(desks, ticket_id, d.AUTO_CLOSE, due)
    assert desk.get(ticket_id).status is S.CLOSED and desks.deadlines.of(ticket_id) == {}


def test_an_unacknowledged_escalation_reminds_the_admin_once_when_its_timer_fires(desks: Desks) -> None:
    desk = desks.desk
    ticket_id = desk.in_status(S.IN_PROGRESS)
    desk.tickets.escalate(at(desk.agent, 5), ticket_id, Escalation(UUID(desk.admin.id), "Refund needed", "Retried"))
    desks.run()
    due = desks.deadlines.of(ticket_id)[d.ESCALATION_REMINDER]
    fire(desks, ticket_id, d.ESCALATION_REMINDER, due)
    fire(desks, ticket_id, d.ESCALATION_REMINDER, due)  # fired again after a crash: the same email
    reminders = [e for e in _emails(desks) if e.template == "ticket.escalation_reminder"]
    assert [e.to for e in reminders] == [desks.staff[desk.admin.id]]
    desk.tickets.acknowledge_escalation(at(desk.admin, 200), ticket_id)
    desks.run()
    assert d.ESCALATION_REMINDER not in desks.deadlines.of(ticket_id)


def _emails(desks: Desks) -> list[OutboundEmail]:
    app = desks.desk.app
    return [app.load(OutboundEmail, email_id) for email_id in dict.fromkeys(desks.enqueued)]
