"""The support desk's share of history: tickets from the delivery share's clients, and their threads.

Each client keeps about two tickets going at once, so the desk grows with the
client list. A ticket is opened by a client user, by a contact's email or by
staff on a client's behalf (some raised to urgent by the urgent categories),
assigned, answered, noted internally, waited on, reopened by the client,
resolved and closed, with the due times and SLA marks the desk's timers record.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta
from uuid import UUID, uuid4

from domain.clients import Client
from domain.context import Actor, CommandContext
from domain.tickets import (
    ClientMessage,
    NewTicket,
    Requester,
    RequesterKind,
    SlaTerms,
    Ticket,
    TicketStatus,
    rules,
    timers,
)
from domain.tickets.deadlines import sla_due_times
from domain.tickets.urgency import DEFAULT_URGENT_CATEGORIES

S = TicketStatus
TIMER = Actor.system("timer")
MAILBOX = Actor.system("inbound-email")
ADMIN = Actor.user(UUID(int=8), "admin")
AGENTS = [Actor.user(UUID(int=i), "employee") for i in range(1, 7)]
SUBJECTS = [
    "Invoice PDF shows the old address",
    "Checkout not working on mobile",
    "Please add a new product category",
    "Contact form not submitting",
    "Site is down since this morning",
    "Change the opening hours on the home page",
    "Payment error with one card brand",
    "Newsletter sign-up goes to the wrong list",
]
MESSAGES = [
    "Since yesterday customers write to us about it.",
    "Screenshots attached in the previous email.",
    "Could you have a look today? It is costing us orders.",
    "Nothing urgent, whenever you have a moment.",
]
REPLIES = [
    "Thanks for the report, we are looking into it now.",
    "Fixed and deployed; could you confirm on your side?",
    "We need the order number to trace this.",
]
NOTES = ["Caused by the cache rule from last week's deploy.", "Host support ticket opened on their side."]
TERMS = SlaTerms()


class TicketHistory:
    """Keeps about two tickets per client open, each moving through the desk's workflow."""

    most_events = 3  # a client's reply to a resolved ticket: the message, the reopen, the new due times

    def ready(self) -> bool:
        """Once the delivery share has a client: every record here belongs to one."""
        return bool(self.clients())

    def __init__(self, rng: random.Random, clients: Callable[[], list[Client]], per_client: int = 2) -> None:
        self.rng = rng
        self.clients = clients
        self.per_client = per_client
        self.open: list[Ticket] = []
        self._sample: list[UUID] = []
        self.opened = 0

    def sample_ids(self) -> list[UUID]:
        return list(self._sample)

    def step(self, ctx: CommandContext) -> Ticket:
        clients = self.clients()
        wanted = len(clients) * self.per_client
        if not self.open or (len(self.open) < wanted and self.rng.random() < 0.3):
            return self._open(ctx, self.rng.choice(clients))
        index = self.rng.randrange(len(self.open))
        ticket = self.open[index]
        self._work(ctx, ticket)
        if ticket.status is S.CLOSED:
            self.open.pop(index)
        return ticket

    def _open(self, ctx: CommandContext, client: Client) -> Ticket:
        client_id = str(client.id)
        contacts = list(client.contacts)
        how = self.rng.random()
        if how < 0.4:
            person = Actor.user(uuid4(), "client")
            by, requester = person, Requester(RequesterKind.CLIENT_USER, person.id)
        else:
            by = MAILBOX if how < 0.7 else self.rng.choice(AGENTS)
            requester = Requester(RequesterKind.CONTACT, self.rng.choice(contacts) if contacts else "contact")
        subject = self.rng.choice(SUBJECTS)
        new = NewTicket(subject, client_id, requester, self.rng.choice(MESSAGES))
        ticket = rules.open_ticket(replace(ctx, actor=by), uuid4(), new, DEFAULT_URGENT_CATEGORIES)
        self._due(ctx, ticket)
        self.opened += 1
        self.open.append(ticket)
        if len(self._sample) < 500:
            self._sample.append(ticket.id)
        return ticket

    def _due(self, ctx: CommandContext, ticket: Ticket) -> None:
        first, resolution = sla_due_times(ticket, TERMS)
        timers.record_due_times(ticket, replace(ctx, actor=TIMER), first, resolution, 0)

    def _client_says(self, ctx: CommandContext, ticket: Ticket, text: str) -> None:
        author = Requester(RequesterKind.CONTACT, "contact")
        rules.client_reply(ticket, replace(ctx, actor=MAILBOX), ClientMessage(text, author))

    def _work(self, ctx: CommandContext, ticket: Ticket) -> None:
        agent = next((a for a in AGENTS if a.id == ticket.assignee_id), None)
        if agent is None:
            rules.assign(ticket, replace(ctx, actor=ADMIN), UUID(self.rng.choice(AGENTS).id))
            return
        as_agent, roll = replace(ctx, actor=agent), self.rng.random()
        status = ticket.status
        if status is S.RESOLVED:
            if roll < 0.1:
                self._client_says(ctx, ticket, "It is happening again.")
            else:
                # Closes once a week has passed since the resolution (the auto-close timer), else nothing yet.
                timers.auto_close(ticket, replace(ctx, actor=TIMER), f"bench:{ticket.id}", timedelta(days=7))
        elif status is S.PENDING_CLIENT:
            self._client_says(ctx, ticket, self.rng.choice(MESSAGES))
        elif ticket.first_response_at is None:
            if roll < 0.1:
                timers.record_breach(ticket, replace(ctx, actor=TIMER), "first_response", "bench", TERMS)
            rules.staff_reply(ticket, as_agent, self.rng.choice(REPLIES))
        elif roll < 0.25:
            rules.add_internal_note(ticket, as_agent, self.rng.choice(NOTES))
        elif roll < 0.45:
            rules.staff_reply(ticket, as_agent, self.rng.choice(REPLIES))
        elif roll < 0.6:
            self._client_says(ctx, ticket, self.rng.choice(MESSAGES))
        elif roll < 0.75 and status is not S.IN_PROGRESS:
            rules.change_status(ticket, as_agent, S.IN_PROGRESS)
        elif roll < 0.85:
            rules.change_status(ticket, as_agent, S.PENDING_CLIENT)
        else:
            rules.change_status(ticket, as_agent, S.RESOLVED)
        self._due(ctx, ticket)
