"""The Ticket's events, each a thread entry whose class says who may see it (recorded by rules.py and kin)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from domain.aggregate import BatonAggregate
from domain.tickets.state import TicketState
from domain.tickets.thread import CLIENT_AND_STAFF, STAFF_ONLY
from domain.tickets.workflow import TicketStatus


class Ticket(BatonAggregate, TicketState):
    """A client's request for help: its thread, status, assignee and SLA clock."""

    TOPIC = "baton.ticket.Ticket"

    class Event(BatonAggregate.Event):
        """Base of the ticket's events; ``audience`` says who may ever see the entry."""

        audience = STAFF_ONLY

    class Opened(Event, BatonAggregate.Created):
        """A ticket was opened, with the client's first message (raised to urgent if a category matched)."""

        TOPIC = "baton.ticket.Opened"
        audience = CLIENT_AND_STAFF
        subject: str
        client_id: str
        project_id: str
        requester_kind: str
        requester_id: str
        priority: str
        category: str
        urgent_category: str
        urgent_phrase: str
        channel: str
        message: str
        attachments: list[dict[str, Any]]
        message_id: str
        follows_up: str

    Created = Opened

    class ClientReplied(Event):
        """The client wrote on the ticket (in the portal or by email)."""

        TOPIC = "baton.ticket.ClientReplied"
        audience = CLIENT_AND_STAFF
        author_kind: str
        author_id: str
        text: str
        attachments: list[dict[str, Any]]
        channel: str
        message_id: str

        def apply(self, aggregate: Ticket) -> None:
            aggregate._heard_from_client(self.message_id, self.timestamp)

    class Reopened(Event):
        """A client's reply reopened a ticket that waited on them or was resolved (its assignee is told)."""

        TOPIC = "baton.ticket.Reopened"
        audience = CLIENT_AND_STAFF
        from_status: str
        assignee_id: str

        def apply(self, aggregate: Ticket) -> None:
            aggregate._reopen(self.timestamp)

    class StaffReplied(Event):
        """Staff answered the client (the client sees it and gets it by email)."""

        TOPIC = "baton.ticket.StaffReplied"
        audience = CLIENT_AND_STAFF
        text: str
        attachments: list[dict[str, Any]]

        def apply(self, aggregate: Ticket) -> None:
            aggregate._answered(self.timestamp)

    class InternalNoteAdded(Event):
        """Staff wrote a note for staff only: never shown or sent to the client."""

        TOPIC = "baton.ticket.InternalNoteAdded"
        audience = STAFF_ONLY
        text: str
        attachments: list[dict[str, Any]]

        def apply(self, aggregate: Ticket) -> None:
            aggregate.last_activity_at = self.timestamp

    class StatusChanged(Event):
        """Staff moved the ticket to another status (an admin may close it)."""

        TOPIC = "baton.ticket.StatusChanged"
        audience = CLIENT_AND_STAFF
        from_status: str
        to_status: str

        def apply(self, aggregate: Ticket) -> None:
            aggregate._enter(TicketStatus(self.to_status), self.timestamp)

    class AutoClosed(Event):
        """The ticket had stayed resolved long enough and closed on its own."""

        TOPIC = "baton.ticket.AutoClosed"
        audience = CLIENT_AND_STAFF
        resolved_at: datetime
        key: str

        def apply(self, aggregate: Ticket) -> None:
            aggregate._enter(TicketStatus.CLOSED, self.timestamp)

    class Assigned(Event):
        """The ticket was given to a staff member."""

        TOPIC = "baton.ticket.Assigned"
        from_assignee: str
        to_assignee: str

        def apply(self, aggregate: Ticket) -> None:
            aggregate._assign(self.to_assignee, self.timestamp)

    class PriorityChanged(Event):
        """Staff changed the priority (lowering it needs a reason); the SLA targets follow."""

        TOPIC = "baton.ticket.PriorityChanged"
        from_priority: str
        to_priority: str
        reason: str

        def apply(self, aggregate: Ticket) -> None:
            aggregate._reprioritise(self.to_priority, self.timestamp)

    class FollowUpOpened(Event):
        """The client wrote after the ticket closed: the conversation goes on in a new, linked ticket."""

        TOPIC = "baton.ticket.FollowUpOpened"
        audience = CLIENT_AND_STAFF
        follow_up_id: str

        def apply(self, aggregate: Ticket) -> None:
            aggregate.follow_up_ids.append(self.follow_up_id)

    class Escalated(Event):
        """Staff handed the ticket to an admin, saying why and what was tried; the admin must acknowledge."""

        TOPIC = "baton.ticket.Escalated"
        to_admin: str
        from_assignee: str
        reason: str
        tried: str

        def apply(self, aggregate: Ticket) -> None:
            aggregate._escalate(self.to_admin, self.timestamp)

    class EscalationAcknowledged(Event):
        """The admin the ticket was escalated to took it on."""

        TOPIC = "baton.ticket.EscalationAcknowledged"

        def apply(self, aggregate: Ticket) -> None:
            aggregate.escalation_acknowledged = True

    class SlaAtRisk(Event):
        """Most of an SLA target's business time is used (``target``: first_response or resolution)."""

        TOPIC = "baton.ticket.SlaAtRisk"
        target: str
        priority: str
        due_at: datetime
        key: str

        def apply(self, aggregate: Ticket) -> None:
            aggregate.sla_marks.append(f"{self.target}.at_risk")

    class SlaBreached(Event):
        """An SLA target was missed; the figures are as the policy in force measured them."""

        TOPIC = "baton.ticket.SlaBreached"
        target: str
        priority: str
        due_at: datetime
        target_minutes: Decimal
        elapsed_minutes: Decimal
        policy_version: int
        key: str

        def apply(self, aggregate: Ticket) -> None:
            aggregate.sla_marks.append(f"{self.target}.breach")

    class DueTimesChanged(Event):
        """The SLA due times moved: set on opening, withdrawn while paused or met, moved by a priority or policy change."""

        TOPIC = "baton.ticket.DueTimesChanged"
        first_response_due: datetime | None
        resolution_due: datetime | None
        policy_version: int

        def apply(self, aggregate: Ticket) -> None:
            aggregate.due_times = [self.first_response_due, self.resolution_due]

    def __init__(self, subject: str, client_id: str, project_id: str, priority: str, category: str, message_id: str):
        self.subject, self.client_id, self.project_id, self.category = subject, client_id, project_id, category
        self._begin(priority, message_id, self.created_on)
