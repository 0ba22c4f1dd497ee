"""Support desk views on PostgreSQL: a rebuild gives the same rows, the in-memory fake gives PostgreSQL's,
and the queue's reads filter, count, page and narrow as the unit tests' rows promise."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from uuid import UUID, uuid4

import pytest
from psycopg.rows import dict_row
from rich.console import Console

from baton.container import Container, build
from baton.rebuild import rebuild
from domain.clients.commands import ClientCommands, NewClient, NewContact
from domain.tickets import ClientMessage, Escalation, Priority, Requester, RequesterKind, TicketStatus
from domain.tickets.inbound_commands import InboundEmailCommands
from domain.tickets.inbound_email import ReceivedEmail
from projections.engine import LogEvent, replay
from projections.scope import Scope
from projections.tickets.mailbox_queries import people_with_address
from projections.tickets.queries import TicketFilter, get_ticket, list_tickets, ticket_for_message_ids
from tests.builders import settings
from tests.builders.pipeline import catch_up
from tests.unit.tickets.builders import CLIENT, MAILBOX, TIMER, Desk, at

VIEWS = ["ticket_queue", "ticket_sla", "support_mailbox"]
S = TicketStatus


@pytest.fixture
def container(database_url: str, schema: str) -> Iterator[Container]:
    c = build(settings(database_url, schema, projection_batch_size=7))
    yield c
    c.close()


def record_desk(container: Container, tickets: int = 12) -> Desk:
    """A varied desk: tickets in every status, replies, notes, reopens, escalations, marks, a client, emails."""
    desk = Desk(container.app)
    clients = ClientCommands(container.app)
    client = clients.register(at(desk.admin), NewClient("Acme", UUID(desk.agent.id))).id
    clients.add_contact(at(desk.admin), client, NewContact("Ana", "ana@acme.test"), contact_id=uuid4())
    me = Requester(RequesterKind.CLIENT_USER, desk.client.id)
    for n in range(tickets):
        status = list(S)[n % len(S)]
        ticket = desk.in_status(status, minutes=n)
        if status is not S.CLOSED:
            desk.tickets.add_internal_note(at(desk.agent, n + 1), ticket, f"note {n}")
        if status in (S.PENDING_CLIENT, S.RESOLVED):
            desk.tickets.reply_from_client(
                at(desk.client, n + 2), ticket, ClientMessage(f"answer {n}", me, message_id=f"<m{n}@acme.test>")
            )
        if status is S.IN_PROGRESS:
            desk.tickets.reply(at(desk.agent, n + 3), ticket, "on it")
            desk.tickets.escalate(at(desk.agent, n + 4), ticket, Escalation(UUID(desk.admin.id), "refund", "tried"))
    urgent = desk.open(subject="Checkout not working")
    desk.timers.mark_at_risk(at(TIMER, 50), urgent, "first_response", "k1")
    desk.timers.record_breach(at(TIMER, 70), urgent, "first_response", "k2")
    desk.tickets.change_priority(at(desk.admin, 71), urgent, Priority.HIGH, reason="one page only")
    InboundEmailCommands(container.app).receive(at(MAILBOX), ReceivedEmail("<in1@x.test>", "who@x.test", subject="Hi"))
    return desk


def rows_of(container: Container, table: str) -> list[dict[str, Any]]:
    with container.pool.connection() as conn, conn.cursor(row_factory=dict_row) as cur:
        return sorted(cur.execute(f"SELECT * FROM {table}").fetchall(), key=lambda r: repr(sorted(r.items())))  # noqa: S608


def logged_events(container: Container) -> list[LogEvent]:
    notifications = container.app.recorder.select_notifications(start=1, limit=100_000)
    return [(n.id, n.topic, container.app.mapper.to_domain_event(n)) for n in notifications]


@pytest.mark.parametrize("view", VIEWS)
def test_view_equals_a_rebuild_from_position_zero_when_history_is_varied(container: Container, view: str) -> None:
    record_desk(container)
    projection = container.projection(view)
    catch_up(container, projection)
    before = {t: rows_of(container, t) for t in projection.table_names}
    assert all(before.values()), f"{view}: every table has rows to compare"
    assert rebuild(container, view, Console(record=True, width=120))
    assert {t: rows_of(container, t) for t in projection.table_names} == before


@pytest.mark.parametrize("view", VIEWS)
def test_in_memory_fold_gives_postgresql_rows_when_the_same_log_is_folded(container: Container, view: str) -> None:
    record_desk(container, tickets=6)
    projection = container.projection(view)
    catch_up(container, projection)
    memory = replay(projection, logged_events(container), batch=7)
    for table in projection.table_names:
        kept = [r for r in rows_of(container, table) if r.get("tickets", 1)]
        assert sorted(memory.rows(table), key=lambda r: repr(sorted(r.items()))) == kept, table


def test_the_queue_filters_counts_pages_and_narrows_to_the_client_when_read(container: Container) -> None:
    desk = record_desk(container)
    for view in (*VIEWS, "user_directory"):
        catch_up(container, container.projection(view))
    staff, client = Scope.everything(), Scope(user_id=UUID(desk.client.id), role="client", client_id=CLIENT)
    other = Scope(user_id=uuid4(), role="client", client_id="client-globex")
    with container.pool.connection() as conn:
        everything = list_tickets(conn, staff, TicketFilter(), limit=200)
        assert len(everything.items) == 13 and sum(everything.counts.values()) == 13
        paged, page = [], list_tickets(conn, staff, TicketFilter(), sort="due", limit=4)
        while True:
            paged += page.items
            if not page.next_cursor:
                break
            page = list_tickets(conn, staff, TicketFilter(), sort="due", limit=4, cursor=page.next_cursor)
        assert sorted(r["id"] for r in paged) == sorted(r["id"] for r in everything.items)
        waiting = list_tickets(conn, staff, TicketFilter(status=["closed"], priority=["normal"]))
        # Counts apply every filter but the status: the one high-priority ticket (open) is not counted.
        assert waiting.counts == {**everything.counts, "open": everything.counts["open"] - 1}
        assert waiting.items and all(r["status"] == "closed" for r in waiting.items)
        assert [r["subject"] for r in list_tickets(conn, staff, TicketFilter(text="checkout")).items] == [
            "Checkout not working"
        ]
        assert list_tickets(conn, staff, TicketFilter(sla=["breached"])).items == []  # the priority change reset it
        mine = list_tickets(conn, staff, TicketFilter(assignee=desk.agent.id))
        assert mine.items and all(r["assignee_id"] == desk.agent.id for r in mine.items)
        assert len(list_tickets(conn, client, TicketFilter()).items) == 13
        assert list_tickets(conn, other, TicketFilter()).items == []
        noted = next(r["id"] for r in everything.items if r["internal_notes"])
        assert any(e["kind"] == "internal_note" for e in get_ticket(conn, staff, noted)["thread"])  # type: ignore[index]
        seen = get_ticket(conn, client, noted)
        assert seen is not None and all(e["audience"] == "client_and_staff" for e in seen["thread"])
        assert get_ticket(conn, other, noted) is None
        assert ticket_for_message_ids(conn, ["<m2@acme.test>", "<nothing@x>"]) is not None
        [ana] = people_with_address(conn, "ANA@acme.test")
        assert (ana.kind, ana.name) == ("contact", "Ana")
