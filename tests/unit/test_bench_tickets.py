"""The history generator's support desk share: tickets grow with the client list and carry real threads."""

from __future__ import annotations

from collections import Counter

from bench.generator import HistoryWriter
from bench.generator.tickets import TicketHistory
from domain.application import BatonApplication
from domain.tickets import Ticket


def test_tickets_are_opened_in_proportion_to_clients_with_threads_when_history_is_written() -> None:
    app = BatonApplication()
    writer = HistoryWriter(app)
    writer.write(6_000)
    share = writer.shares["tickets"]
    assert isinstance(share, TicketHistory)
    clients = len(writer.shares["delivery"].clients)  # type: ignore[attr-defined]
    assert clients > 0 and share.per_client * clients * 0.7 <= len(share.open) <= share.per_client * clients
    topics = Counter(n.topic for n in app.recorder.select_notifications(1, 10_000))  # type: ignore[attr-defined]
    for kind in ("Opened", "StaffReplied", "ClientReplied", "InternalNoteAdded", "StatusChanged", "DueTimesChanged"):
        assert topics[f"baton.ticket.{kind}"] > 0, topics
    ticket = app.load(Ticket, share.sample_ids()[0])
    assert ticket.client_id in {str(c.id) for c in writer.shares["delivery"].clients}  # type: ignore[attr-defined]
