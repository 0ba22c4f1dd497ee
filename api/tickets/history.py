"""A ticket as it stood at one version: its own events folded by the queue's fold, up to that version."""

from __future__ import annotations

from uuid import UUID

from eventsourcing.utils import get_topic

from api.tickets.schemas import TicketAtVersionOut
from api.tickets.views import entry_out
from domain.tickets import Ticket
from domain.tickets.commands import TicketCommands
from domain.tickets.thread import CLIENT_AND_STAFF
from projections.engine import replay
from projections.tickets import TicketQueue


def ticket_at_version(tickets: TicketCommands, ticket_id: UUID, version: int, *, staff: bool) -> TicketAtVersionOut:
    """The ticket rebuilt as of ``version`` (NotFound naming the latest when it has not got there)."""
    ticket = tickets.load(Ticket, ticket_id, version=version)
    events = [(0, get_topic(type(e)), e) for e in tickets.events_of(ticket_id, version)]
    entries = sorted(replay(TicketQueue(), events, batch=len(events)).rows("ticket_thread"), key=lambda e: e["version"])
    shown = [entry_out(e, staff=staff) for e in entries if staff or e["audience"] == CLIENT_AND_STAFF]
    return TicketAtVersionOut(
        id=ticket.id,
        version=ticket.version,
        as_of=ticket.modified_on,
        subject=ticket.subject,
        status=ticket.status,
        priority=ticket.priority,
        thread=shown,
    )
