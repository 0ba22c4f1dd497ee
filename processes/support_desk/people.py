"""Who the desk writes to: a ticket's requester, its assignee, the admins; and the routing extension point.

``StaffRouting`` decides which staff hear about a ticket event. The desk's
own rule sends to the assignee, or to every admin while nobody is assigned;
the handoff's routing table (``processes.handoff.routing.HandoffStaffRouting``:
the ticket's owner, or its side's staff after a project's handoff, falling
back to this rule) implements the same protocol and is what ``Notices.build``
passes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol
from uuid import UUID

from domain.clients.aggregate import Client
from domain.commands import CommandGroup
from domain.tickets import Ticket
from domain.users import User
from domain.users.roles import UserStatus

StaffAddresses = Callable[[list[str], bool], list[tuple[str, str]]]  # (user ids, all admins too) -> (id, email)


class PeopleOfTickets(CommandGroup):
    """Finds the email address of whoever asked for a ticket (a contact, or a client user)."""

    def requester_of(self, ticket_id: UUID) -> tuple[str, str]:
        """(kind, id) of the person who opened the ticket, as its first event recorded."""
        opened = next(iter(self._app.events.get(ticket_id, lte=1)), None)
        if not isinstance(opened, Ticket.Opened):
            return "", ""
        return opened.requester_kind, opened.requester_id

    def entry_after(self, ticket_id: UUID, version: int) -> Any:
        """The ticket's event right after ``version`` (None if it is the latest)."""
        return next(iter(self._app.events.get(ticket_id, gt=version, limit=1)), None)

    def requester_address(self, ticket: Ticket, kind: str, person_id: str) -> str:
        """The address to write to; "" when there is none (a contact without email, a client not on record)."""
        if "@" in person_id:
            return person_id  # a sender Baton did not know, who wrote to the ticket's reply address
        if kind == "client_user":
            user = self.find(User, _uuid(person_id))
            active = user is not None and user.status is UserStatus.ACTIVE
            return user.email if user is not None and active else ""
        client = self.find(Client, _uuid(ticket.client_id))
        contact: dict[str, Any] = client.contacts.get(person_id, {}) if client is not None else {}
        return str(contact.get("email", ""))


def _uuid(text: str) -> UUID:
    try:
        return UUID(text)
    except ValueError:
        return UUID(int=0)


class StaffRouting(Protocol):
    """Which staff are told about an event on a ticket: (user ids, whether every admin too)."""

    def staff_for(self, ticket: Ticket, why: str) -> tuple[list[str], bool]: ...


class AssigneeOrAdmins:
    """The assignee; every admin while the ticket is unassigned. Breaches always reach the admins too."""

    def staff_for(self, ticket: Ticket, why: str) -> tuple[list[str], bool]:
        assignee = [ticket.assignee_id] if ticket.assignee_id else []
        return assignee, not assignee or why == "breached"
