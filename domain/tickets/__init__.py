"""The support desk: tickets with their threads, SLA clocks on business hours, and urgent categories."""

from domain.tickets.aggregate import Ticket
from domain.tickets.business_hours import BusinessCalendar
from domain.tickets.catalogue import UrgentCatalogue
from domain.tickets.inputs import Attachment, ClientMessage, Escalation, NewTicket, Requester, RequesterKind
from domain.tickets.policy import SlaPolicy
from domain.tickets.sla import SlaTarget, SlaTerms, TargetUnit
from domain.tickets.urgency import UrgentCategory
from domain.tickets.weekly_hours import WeeklyHours
from domain.tickets.workflow import Priority, TicketStatus

__all__ = [
    "Attachment",
    "BusinessCalendar",
    "ClientMessage",
    "Escalation",
    "NewTicket",
    "Priority",
    "Requester",
    "RequesterKind",
    "SlaPolicy",
    "SlaTarget",
    "SlaTerms",
    "TargetUnit",
    "Ticket",
    "TicketStatus",
    "UrgentCatalogue",
    "UrgentCategory",
    "WeeklyHours",
]
