"""The routing table applied to a client's tickets: each new ticket gets a topic and a side.

``TicketRouter.decide`` is the one decision: the client's handoff (the
ticket's project's, or else the client's latest in a routing stage), the stage
it was in when the ticket was opened, the topic (the client's choice when the
ticket's category names one, else the admin's rules over its text), and
whether the ticket is about one of the project manager's outstanding items.
``TicketRouting`` records it on the ticket's ownership (a person's later
decision, a claim or a hand-across, is never overridden), and
``HandoffStaffRouting`` tells the side's staff about the ticket's events.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar
from uuid import UUID

from domain.clock import Clock
from domain.handoff.aggregate import Handoff
from domain.handoff.commands import HandoffCommands
from domain.handoff.data import HandoffData
from domain.handoff.ids import handoff_id
from domain.handoff.routing import Route, Topic, route
from domain.handoff.stage import ROUTING_STAGES, Stage
from domain.handoff.topic_rule_commands import TopicRuleCommands
from domain.handoff.topics import classify, outstanding_item
from domain.projects.aggregate import Project
from domain.tickets import Ticket
from domain.tickets.ownership import Side
from domain.tickets.ownership_commands import TicketOwnershipCommands
from processes.handoff.mail import context_for
from processes.kit import ProcessKit
from processes.manager import ProcessManager, reacts_to
from processes.support_desk.people import AssigneeOrAdmins, PeopleOfTickets

ProjectsOfClient = Callable[[str], list[str]]  # client id -> projects with a handoff, latest first
_ORDER = [Stage.CLIENT_TRAINED, Stage.LAUNCHED, Stage.HANDED_OFF]


def stage_at(handoff: Handoff, at: datetime) -> Stage:
    """The stage the handoff was in at ``at`` (from the times its stages were reached)."""
    reached = [(datetime.fromisoformat(v["at"]), Stage(s)) for s, v in handoff.stages.items()]
    passed = [stage for when, stage in sorted(reached) if when <= at]
    return passed[-1] if passed else Stage.NOT_STARTED


@dataclass(frozen=True)
class Decision:
    """Where a ticket goes, on which topic, and under whose handoff."""

    route: Route
    topic: Topic
    handoff: Handoff
    stage: Stage


def _topic(category: str, subject: str, message: str, rules: TopicRuleCommands) -> Topic:
    chosen = category.strip().lower()
    if chosen in {t.value for t in Topic}:
        return Topic(chosen)
    return classify(subject, message, rules.rules())


class TicketRouter:
    """Decides a ticket's side from its client's handoff."""

    def __init__(self, handoffs: HandoffCommands, rules: TopicRuleCommands, projects_of: ProjectsOfClient) -> None:
        self.handoffs, self.rules, self.projects_of = handoffs, rules, projects_of

    def handoffs_of(self, client_id: str, project_id: str) -> list[Handoff]:
        """The client's handoffs: the ticket's project's, or else every one of the client's, latest first."""
        candidates = [project_id] if project_id else self.projects_of(client_id)
        found = []
        for project in candidates:
            try:
                handoff = self.handoffs.find(Handoff, handoff_id(project))
            except ValueError:
                continue
            if handoff is not None and handoff.client_id == client_id:
                found.append(handoff)
        return found

    def decide(self, ticket: Ticket, subject: str, message: str, at: datetime) -> Decision | None:
        """Where ``ticket`` goes; None when no handoff of its client routes anything at ``at``."""
        for handoff in self.handoffs_of(ticket.client_id, ticket.project_id):
            stage = stage_at(handoff, at)
            if stage not in ROUTING_STAGES:
                continue
            data = HandoffData.of(handoff.data)
            topic = _topic(ticket.category, subject, message, self.rules)
            closes = handoff.window_closes_at
            found = route(
                stage,
                topic,
                pm_item=outstanding_item(subject, message, data.pm_outstanding),
                window_open=closes is None or at < closes,
            )
            if found is not None:
                return Decision(found, topic, handoff, stage)
        return None


class TicketRouting(ProcessManager):
    """Routes each new ticket of a client whose project is being handed off."""

    name: ClassVar[str] = "handoff_ticket_routing"

    def __init__(
        self, router: TicketRouter, people: PeopleOfTickets, owners: TicketOwnershipCommands, clock: Clock
    ) -> None:
        super().__init__()
        self.router, self.people, self.owners, self.clock = router, people, owners, clock

    @classmethod
    def build(cls, kit: ProcessKit) -> TicketRouting:
        handoffs = kit.commands(HandoffCommands)
        router = TicketRouter(handoffs, kit.commands(TopicRuleCommands), _projects_of(kit))
        return cls(router, kit.commands(PeopleOfTickets), kit.commands(TicketOwnershipCommands), kit.clock)

    @reacts_to(Ticket.Opened)
    def opened(self, event: Ticket.Opened) -> None:
        if event.follows_up:
            return  # a follow-up carries on its closed ticket's conversation, with whoever had it
        ticket = self.people.load(Ticket, event.originator_id)
        ownership = self.owners.of(ticket.id)
        if ownership is not None and (ownership.split_from or ownership.by_hand):
            return  # a person decided where it goes
        decision = self.router.decide(ticket, event.subject, event.message, event.timestamp)
        if decision is None:
            return
        found, reason = decision.route, decision.route.reason
        if decision.stage is Stage.HANDED_OFF and not self._authorised(ticket, event, decision.handoff):
            reason += "; the requester is not one of the client's authorised contacts: confirm with them before acting"
        self.owners.route(
            context_for(event, self.clock), ticket.id, found.side, decision.topic.value, reason,
            change_order=found.change_order,
        )  # fmt: skip

    def _authorised(self, ticket: Ticket, event: Ticket.Opened, handoff: Handoff) -> bool:
        """After handoff only the authorised contacts open tickets for the client (none named: anyone)."""
        authorised = {p.email for p in HandoffData.of(handoff.data).authorised_contacts}
        address = self.people.requester_address(ticket, event.requester_kind, event.requester_id).strip().lower()
        return not authorised or address in authorised


def _projects_of(kit: ProcessKit) -> ProjectsOfClient:
    from projections.handoff.queries import projects_of_client

    def projects_of(client_id: str) -> list[str]:
        if kit.pool is None:  # a kit without a database (unit tests): no handoff to look at
            return []
        with kit.pool.connection() as conn:
            return projects_of_client(conn, client_id)

    return projects_of


class HandoffStaffRouting:
    """Who hears of a ticket's events: its owner; else the project manager for their side; else the desk's usual."""

    def __init__(self, owners: TicketOwnershipCommands, router: TicketRouter) -> None:
        self.owners, self.router = owners, router
        self.fallback = AssigneeOrAdmins()

    @classmethod
    def build(cls, kit: ProcessKit) -> HandoffStaffRouting:
        """The routing the support desk's notices use (``processes/support_desk``'s builds pass it)."""
        handoffs = kit.commands(HandoffCommands)
        router = TicketRouter(handoffs, kit.commands(TopicRuleCommands), _projects_of(kit))
        return cls(kit.commands(TicketOwnershipCommands), router)

    def staff_for(self, ticket: Ticket, why: str) -> tuple[list[str], bool]:
        ownership = self.owners.of(ticket.id)
        if ownership is not None and ownership.owner_id:
            return [ownership.owner_id], why == "breached"
        side = ownership.side if ownership is not None else ""
        if not side:
            decision = self.router.decide(ticket, ticket.subject, "", ticket.opened_at)
            side = decision.route.side.value if decision is not None else ""
        if side == Side.PROJECT_MANAGER.value:
            manager = self._manager(ticket)
            if manager:
                return [manager], why == "breached"
        return self.fallback.staff_for(ticket, why)

    def _manager(self, ticket: Ticket) -> str:
        for handoff in self.router.handoffs_of(ticket.client_id, ticket.project_id):
            project = self.owners.find(Project, UUID(handoff.project_id))
            if project is not None:
                return project.manager_id
        return ""
