"""Ticket emails: the client hears of staff replies, staff hear of client messages, reopens, breaches, escalations.

Only events whose class is visible to the client lead to an email to the
client (an acknowledgement of a new ticket, a staff reply); internal notes and
every other staff-only entry never do. Whom staff emails reach is the
``StaffRouting``'s call (see ``people.py``).
"""

from __future__ import annotations

from typing import Any, ClassVar

from domain.clock import Clock
from domain.context import Actor, CommandContext
from domain.tickets import Ticket
from domain.tickets.commands import TicketCommands
from domain.tickets.thread import visible_to_client
from processes.kit import ProcessKit
from processes.manager import ProcessManager, reacts_to
from processes.support_desk.notices import Notices

ACTOR = Actor.system("ticket-emails")


class TicketEmails(ProcessManager):
    """Queues an email for each ticket event someone should hear of."""

    name: ClassVar[str] = "ticket_emails"

    def __init__(self, tickets: TicketCommands, notices: Notices, clock: Clock) -> None:
        super().__init__()
        self.tickets, self.notices, self.clock = tickets, notices, clock

    @classmethod
    def build(cls, kit: ProcessKit) -> TicketEmails:
        from processes.handoff.routing import HandoffStaffRouting  # who is told follows the handoff's routing

        return cls(kit.commands(TicketCommands), Notices.build(kit, HandoffStaffRouting.build(kit)), kit.clock)

    def _ctx(self, event: Any) -> CommandContext:
        cause = f"{event.originator_id}:{event.originator_version}"
        return CommandContext(ACTOR, self.clock.now(), event.correlation_id, cause)

    def _to_client(self, event: Ticket.Event, template: str) -> None:
        assert visible_to_client(event), f"{type(event).__name__} is not for the client"
        self.notices.to_requester(self._ctx(event), self.tickets.get(event.originator_id), event, template)

    @reacts_to(Ticket.Opened)
    def opened(self, event: Ticket.Opened) -> None:
        self._to_client(event, "ticket.received")
        ticket = self.tickets.get(event.originator_id)
        self.notices.to_staff(self._ctx(event), ticket, event, "ticket.opened", "opened")

    @reacts_to(Ticket.StaffReplied)
    def staff_replied(self, event: Ticket.StaffReplied) -> None:
        self._to_client(event, "ticket.reply")

    @reacts_to(Ticket.ClientReplied)
    def client_replied(self, event: Ticket.ClientReplied) -> None:
        if isinstance(self.notices.people.entry_after(event.originator_id, event.originator_version), Ticket.Reopened):
            return  # the reopen's email carries the message
        ticket = self.tickets.get(event.originator_id)
        self.notices.to_staff(self._ctx(event), ticket, event, "ticket.client_message", "client_message")

    @reacts_to(Ticket.Reopened)
    def reopened(self, event: Ticket.Reopened) -> None:
        ticket = self.tickets.get(event.originator_id)
        also = (event.assignee_id,) if event.assignee_id else ()
        self.notices.to_staff(self._ctx(event), ticket, event, "ticket.reopened", "reopened", also=also)

    @reacts_to(Ticket.SlaBreached)
    def breached(self, event: Ticket.SlaBreached) -> None:
        ticket = self.tickets.get(event.originator_id)
        self.notices.to_staff(self._ctx(event), ticket, event, "ticket.breached", "breached")

    @reacts_to(Ticket.Escalated)
    def escalated(self, event: Ticket.Escalated) -> None:
        ticket = self.tickets.get(event.originator_id)
        self.notices.to_staff(self._ctx(event), ticket, event, "ticket.escalated", "escalated", also=(event.to_admin,))
