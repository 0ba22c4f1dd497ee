"""The SLA facts and the report measured from them; the mailbox's addresses and received emails."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from uuid import UUID

from domain.clients.commands import ClientCommands, NewClient, NewContact
from domain.tickets import Priority, SlaTarget, SlaTerms, TicketStatus
from domain.tickets.inbound_commands import InboundEmailCommands
from domain.tickets.inbound_email import ReceivedEmail
from projections.engine import replay
from projections.tickets import SupportMailbox, TicketSla
from projections.tickets.sla_report import measure, summarise
from tests.unit.projections.log import events_of
from tests.unit.tickets.builders import MAILBOX, T0, Desk, at

S = TicketStatus


def facts(desk: Desk) -> list[dict[str, object]]:
    return replay(TicketSla(), events_of(desk.app)).rows("ticket_sla")


def test_a_pause_is_a_stop_and_the_resume_ends_it_when_the_client_answers(desk: Desk) -> None:
    ticket_id = desk.in_status(S.PENDING_CLIENT, minutes=30)
    desk.tickets.change_status(at(desk.agent, 90), ticket_id, S.IN_PROGRESS)
    (row,) = [r for r in facts(desk) if r["id"] == ticket_id]
    stopped, resumed = (T0 + timedelta(minutes=30)).isoformat(), (T0 + timedelta(minutes=90)).isoformat()
    assert row["stops"] == f'[["{stopped}", "{resumed}"]]' and row["status"] == "in_progress"


def test_the_report_measures_first_responses_in_business_minutes_under_the_terms_given(desk: Desk) -> None:
    fast = desk.open(minutes=0)
    desk.tickets.reply(at(desk.agent, 30), fast, "On it")
    slow = desk.open(minutes=0, subject="Checkout not working")  # urgent: one hour
    desk.tickets.reply(at(desk.agent, 90), slow, "Sorry for the wait")
    desk.open(minutes=10)  # not answered yet
    rows = facts(desk)
    as_of = T0 + timedelta(hours=3)
    report = summarise(measure(r, SlaTerms(), as_of) for r in rows)
    assert report["total"]["tickets"] == 3 and report["total"]["met"] == 1 and report["total"]["breached"] == 1
    urgent = next(g for g in report["by_month"] if g["priority"] == "urgent")
    assert (urgent["month"], urgent["median_first_response_minutes"]) == ("2026-03", Decimal("90.00"))
    assert urgent["share_met"] == Decimal("0.0000") and urgent["open_breaches"] == 1
    normal = next(g for g in report["by_month"] if g["priority"] == "normal")
    assert (normal["met"], normal["waiting"], normal["p90_first_response_minutes"]) == (1, 1, Decimal("30.00"))


def test_a_more_generous_policy_meets_every_past_first_response_when_the_report_is_read_again(desk: Desk) -> None:
    slow = desk.open(subject="Checkout not working")
    desk.tickets.reply(at(desk.agent, 90), slow, "Sorry for the wait")
    generous = {p: SlaTarget(Decimal(2)) for p in Priority}
    report = summarise(measure(r, SlaTerms(first_response=generous), T0 + timedelta(days=1)) for r in facts(desk))
    assert (report["total"]["met"], report["total"]["breached"]) == (1, 0)


def test_the_report_as_of_an_earlier_moment_ignores_what_happened_after_it(desk: Desk) -> None:
    ticket_id = desk.open()
    desk.tickets.reply(at(desk.agent, 120), ticket_id, "Answered")
    (row,) = facts(desk)
    before = measure(row, SlaTerms(), T0 + timedelta(minutes=60))
    after = measure(row, SlaTerms(), T0 + timedelta(minutes=180))
    assert (before.outcome, before.minutes) == ("waiting", None)
    assert (after.outcome, after.minutes) == ("met", Decimal("120.00"))
    assert measure(row, SlaTerms(), datetime(2026, 3, 2, 18, tzinfo=UTC)).month == "2026-03"


def test_the_mailbox_knows_contact_addresses_and_the_emails_received(desk: Desk) -> None:
    clients = ClientCommands(desk.app)
    client_id = clients.register(at(desk.admin), NewClient("Acme", account_manager_id=UUID(desk.agent.id))).id
    clients.add_contact(at(desk.admin), client_id, NewContact("Ana", "Ana@Client.example"))
    InboundEmailCommands(desk.app).receive(at(MAILBOX), ReceivedEmail("<m@x>", "ana@client.example", subject="Hi"))
    written = replay(SupportMailbox(), events_of(desk.app))
    (people,) = written.rows("support_client_people")
    assert people["emails"] == "\nana@client.example\n" and people["company_name"] == "Acme"
    (email,) = written.rows("inbound_emails")
    assert (email["status"], email["subject"], email["sender"]) == ("received", "Hi", "ana@client.example")
