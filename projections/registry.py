"""Every projection Baton runs, by name: a new view adds one line here."""

from __future__ import annotations

from projections.billing import ContractRegister, InvoiceBook, PaymentInbox, ProposalBoard, RevenueReport
from projections.delivery import ClientDirectory, ProjectPortfolio, ProjectRecords, TaskBoard
from projections.engine import Projection
from projections.handoff import HandoffBoard
from projections.leads import LeadPipeline
from projections.outbox import EmailOutbox
from projections.tickets import SupportMailbox, TicketQueue, TicketSla
from projections.time import TimeControls, TimeLog
from projections.users import UserDirectory


def all_projections() -> list[Projection]:
    return [
        LeadPipeline(),
        UserDirectory(),
        EmailOutbox(),
        TicketQueue(),
        TicketSla(),
        SupportMailbox(),
        ClientDirectory(),
        ProjectPortfolio(),
        ProjectRecords(),
        TaskBoard(),
        ProposalBoard(),
        ContractRegister(),
        InvoiceBook(),
        PaymentInbox(),
        RevenueReport(),
        TimeLog(),
        TimeControls(),
        HandoffBoard(),
    ]
