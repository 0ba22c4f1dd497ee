"""The support desk's views: the ticket queue with threads, the SLA facts behind the report, the mailbox."""

from projections.tickets.mailbox import SupportMailbox
from projections.tickets.queue import TicketQueue
from projections.tickets.sla import TicketSla

__all__ = ["SupportMailbox", "TicketQueue", "TicketSla"]
