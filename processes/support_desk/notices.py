"""Queues the desk's emails: to the ticket's requester (client-visible entries only) and to staff.

Each email's id derives from the event that caused it and its recipient, so a
re-processed event queues nothing twice. The email records only what to
render (the ticket and the version of the entry); the renderer reads the
entry again and refuses to send a client anything its class does not declare
visible to the client.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from domain.context import CommandContext
from domain.outbox.commands import EmailCommands
from domain.tickets import Ticket
from processes.kit import ProcessKit
from processes.support_desk.people import AssigneeOrAdmins, PeopleOfTickets, StaffAddresses, StaffRouting

_NAMESPACE = uuid5(NAMESPACE_URL, "baton:ticket-email")
REQUESTER = "requester"


def ticket_email_id(ticket_id: UUID, version: int, recipient: str) -> UUID:
    """The email about one entry of a ticket, to one recipient: the same cause always gives the same id."""
    return uuid5(_NAMESPACE, f"{ticket_id}:{version}:{recipient}")


class Notices:
    """Puts ticket emails on the queue and hands them to the sender."""

    def __init__(
        self,
        emails: EmailCommands,
        enqueue: Callable[[UUID], None],
        people: PeopleOfTickets,
        staff_addresses: StaffAddresses,
        routing: StaffRouting | None = None,
    ) -> None:
        self.emails, self.enqueue, self.people = emails, enqueue, people
        self.staff_addresses = staff_addresses
        self.routing: StaffRouting = routing or AssigneeOrAdmins()

    @classmethod
    def build(cls, kit: ProcessKit, routing: StaffRouting | None = None) -> Notices:
        from projections.tickets.mailbox_queries import staff_to_notify

        def staff_addresses(user_ids: list[str], admins: bool) -> list[tuple[str, str]]:
            with kit.pool.connection() as conn:
                return staff_to_notify(conn, user_ids, admins=admins)

        if routing is None:
            # The handoff's routing table: a ticket's owner, or its side's staff, before the desk's usual rule.
            from processes.handoff.routing import HandoffStaffRouting

            routing = HandoffStaffRouting.build(kit)
        return cls(
            kit.commands(EmailCommands), kit.enqueue_email, kit.commands(PeopleOfTickets), staff_addresses, routing
        )

    def _queue(self, ctx: CommandContext, email_id: UUID, to: str, template: str, data: dict[str, str]) -> None:
        self.emails.queue(ctx, email_id, to=to, template=template, data=data)
        self.enqueue(email_id)  # again on a repeat: the sender ignores an email already sent

    def to_requester(self, ctx: CommandContext, ticket: Ticket, event: Ticket.Event, template: str) -> None:
        """Email the person who asked for the ticket about ``event`` (a client-visible entry)."""
        kind, person = self.people.requester_of(ticket.id)
        address = self.people.requester_address(ticket, kind, person)
        if address:
            version = event.originator_version
            data = {"ticket_id": str(ticket.id), "version": str(version), "recipient": REQUESTER}
            self._queue(ctx, ticket_email_id(ticket.id, version, REQUESTER), address, template, data)

    def to_staff(
        self, ctx: CommandContext, ticket: Ticket, event: Any, template: str, why: str, *, also: tuple[str, ...] = ()
    ) -> None:
        """Email the staff the routing names for ``why`` (and ``also``), except whoever caused the event."""
        user_ids, admins = self.routing.staff_for(ticket, why)
        version = event.originator_version
        for user_id, address in self.staff_addresses([*user_ids, *also], admins):
            if user_id == getattr(event, "actor_id", ""):
                continue
            data = {"ticket_id": str(ticket.id), "version": str(version), "recipient": user_id}
            self._queue(ctx, ticket_email_id(ticket.id, version, user_id), address, template, data)

    def escalation_reminder(self, ctx: CommandContext, ticket: Ticket, email_id: UUID) -> None:
        """Remind the admin a ticket was escalated to that it still waits for them."""
        for user_id, address in self.staff_addresses([ticket.escalated_to], False):
            data = {"ticket_id": str(ticket.id), "version": str(ticket.version), "recipient": user_id}
            self._queue(ctx, email_id, address, "ticket.escalation_reminder", data)
