"""Every aggregate Baton stores, with its snapshot interval: one line per aggregate.

The application reads this list when it is built; importing a slice's package
changes nothing. A test fails if an aggregate class under ``domain/`` is missing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from domain.billing.contract import Contract
from domain.billing.invoice import Invoice
from domain.billing.numbering import NumberSeries
from domain.billing.proposal import Proposal
from domain.billing.stray_payment import StrayPayment
from domain.billing.stripe_event import StripeEvent
from domain.clients.aggregate import Client
from domain.handoff.aggregate import Handoff
from domain.handoff.templates.aggregate import HandoffTemplate
from domain.handoff.topic_rules import TopicRules
from domain.leads.aggregate import Lead
from domain.outbox.aggregate import OutboundEmail
from domain.projects.aggregate import Project
from domain.projects.deployment import Deployment
from domain.projects.document import Document
from domain.projects.milestone import Milestone
from domain.tasks.aggregate import Task
from domain.tickets.aggregate import Ticket
from domain.tickets.catalogue import UrgentCatalogue
from domain.tickets.inbound_email import InboundEmail
from domain.tickets.ownership import TicketOwnership
from domain.tickets.policy import SlaPolicy
from domain.time.entry import TimeEntry
from domain.time.locks import PeriodLock
from domain.time.month import TimeMonth
from domain.time.overrides import TimeOverride
from domain.time.policy import AutoLockPolicy
from domain.time.report import MonthlyReport
from domain.time.tags import TagCatalogue
from domain.time.timesheet import Timesheet
from domain.users.aggregate import User
from domain.users.email_index import EmailClaim


@dataclass(frozen=True)
class Registered:
    """An aggregate class and, if it grows long, how often to snapshot it (None: never)."""

    aggregate: type[Any]
    snapshot_every: int | None = None


AGGREGATES: tuple[Registered, ...] = (
    # A lead with a long history of notes loads from its latest snapshot. Every 25 events, so that the worst
    # case (24 events past the snapshot) still loads within 2x a 10-event lead (docs/performance.md).
    Registered(Lead, snapshot_every=25),
    # Sign-ins add events to a user for as long as they work here.
    Registered(User, snapshot_every=100),
    Registered(EmailClaim),
    Registered(OutboundEmail),
    Registered(Proposal),
    Registered(Contract),
    Registered(Invoice),
    # A series gains one event per invoice of its year: load it from a snapshot.
    Registered(NumberSeries, snapshot_every=100),
    Registered(StrayPayment),
    Registered(StripeEvent),
    Registered(Client),
    # Notes and team changes add up over a project's life.
    Registered(Project, snapshot_every=100),
    Registered(Milestone),
    Registered(Deployment),
    Registered(Document),
    # A task's comment thread can grow long.
    Registered(Task, snapshot_every=100),
    # A ticket's thread (replies, notes, status changes) can run long.
    Registered(Ticket, snapshot_every=50),
    Registered(SlaPolicy),
    Registered(UrgentCatalogue),
    Registered(InboundEmail),
    Registered(TimeEntry),
    # A person's month: a few bookings per working day, plus the locks that bind it.
    Registered(Timesheet, snapshot_every=100),
    # A month: the locks covering it and one line per person with a timesheet there.
    Registered(TimeMonth, snapshot_every=100),
    Registered(PeriodLock),
    Registered(TimeOverride),
    Registered(TagCatalogue),
    Registered(AutoLockPolicy),
    Registered(MonthlyReport),
    Registered(TicketOwnership),
    # A handoff gains data changes and ticks over months, then a call report a month.
    Registered(Handoff, snapshot_every=50),
    Registered(HandoffTemplate),
    Registered(TopicRules),
)


def snapshot_intervals() -> dict[type[Any], int]:
    """The library's ``snapshotting_intervals`` mapping, from the registry."""
    return {r.aggregate: r.snapshot_every for r in AGGREGATES if r.snapshot_every}
