"""Which ticket an email answers, from its In-Reply-To and References.

The desk's own emails carry Message-IDs ``<email id@support domain>`` and refer
to ``<ticket id@support domain>``; a client's earlier emails are on record in
the ticket threads (and the one that opened a ticket names it by its id).
"""

from __future__ import annotations

from collections.abc import Callable
from email.utils import parseaddr
from uuid import UUID

from domain.commands import CommandGroup
from domain.outbox import OutboundEmail
from domain.tickets import Ticket
from domain.tickets.desk import DeskSettings
from domain.tickets.inbound import ticket_id_for_message
from domain.tickets.inbound_email import ReceivedEmail
from processes.kit import ProcessKit

ByMessageIds = Callable[[list[str]], UUID | None]


class DeskRecords(CommandGroup):
    """Reads of the records an email can refer to."""

    def ticket_exists(self, ticket_id: UUID) -> bool:
        return self.find(Ticket, ticket_id) is not None

    def ticket_of_email(self, email_id: UUID) -> UUID | None:
        email = self.find(OutboundEmail, email_id)
        if email is None or not email.template.startswith("ticket."):
            return None
        return UUID(email.data["ticket_id"])


def _local_uuid(message_id: str, domain: str) -> UUID | None:
    _, bare = parseaddr(message_id.strip())
    local, _, host = (bare or message_id.strip().strip("<>")).partition("@")
    if host.lower() != domain:
        return None
    try:
        return UUID(local)
    except ValueError:
        return None


class ThreadFinder:
    """Finds the ticket an email answers."""

    def __init__(self, records: DeskRecords, by_message_ids: ByMessageIds, desk: DeskSettings) -> None:
        self.records, self.by_message_ids, self.desk = records, by_message_ids, desk

    @classmethod
    def build(cls, kit: ProcessKit, desk: DeskSettings) -> ThreadFinder:
        from projections.tickets.queries import ticket_for_message_ids

        def by_message_ids(ids: list[str]) -> UUID | None:
            with kit.pool.connection() as conn:
                return ticket_for_message_ids(conn, ids)

        return cls(kit.commands(DeskRecords), by_message_ids, desk)

    def ticket_answered_by(self, email: ReceivedEmail) -> UUID | None:
        """The ticket whose thread the email answers, newest reference first; None if none is known."""
        referred = [m for m in (email.in_reply_to, *reversed(email.references)) if m.strip()]
        for message_id in referred:
            named = _local_uuid(message_id, self.desk.support_domain)
            if named is not None:
                ticket = self.records.ticket_of_email(named)
                if ticket is None and self.records.ticket_exists(named):
                    ticket = named
                if ticket is not None:
                    return ticket
            opened = ticket_id_for_message(message_id)
            if self.records.ticket_exists(opened):
                return opened
        return self.by_message_ids(referred) if referred else None

    @staticmethod
    def ticket_opened_by(message_id: str) -> UUID:
        return ticket_id_for_message(message_id)
