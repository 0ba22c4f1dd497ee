"""Queueing billing's emails: one per recipient, each with an id derived from its cause and address."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from uuid import NAMESPACE_URL, UUID, uuid5

from domain.aggregate import BatonAggregate
from domain.clock import Clock
from domain.context import Actor, CommandContext
from domain.outbox.commands import EmailCommands

_NAMESPACE = uuid5(NAMESPACE_URL, "baton:billing-email")


def cause_of(event: BatonAggregate.Event) -> str:
    return f"{event.originator_id}:{event.originator_version}"


def context_for(event: BatonAggregate.Event, clock: Clock, actor: str) -> CommandContext:
    """The context of a command a process issues because of ``event``."""
    return CommandContext(
        actor=Actor.system(actor), now=clock.now(), correlation_id=event.correlation_id, causation_id=cause_of(event)
    )


class BillingMail:
    """Queues an email per address; a re-processed event derives the same ids and queues nothing new."""

    def __init__(self, emails: EmailCommands, enqueue: Callable[[UUID], None]) -> None:
        self.emails = emails
        self.enqueue = enqueue

    def send(
        self, ctx: CommandContext, event: BatonAggregate.Event, to: Iterable[str], template: str, data: dict[str, str]
    ) -> list[UUID]:
        queued = []
        for address in to:
            email_id = uuid5(_NAMESPACE, f"{cause_of(event)}:{template}:{address.lower()}")
            self.emails.queue(ctx, email_id, to=address, template=template, data=data)
            # Enqueued even for a repeat: the actor ignores an email already sent.
            self.enqueue(email_id)
            queued.append(email_id)
        return queued
