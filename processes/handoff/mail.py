"""Queueing the handoff's emails: each names the handoff's version it speaks of and the template's version.

An email's id derives from the event that caused it and the template, so a
re-processed event queues nothing new. The renderer reads the handoff at the
version named and the template as worded at the version named: the email says
the same whenever it is rendered, before or after later edits.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from uuid import NAMESPACE_URL, UUID, uuid5

from domain.aggregate import BatonAggregate
from domain.clock import Clock
from domain.context import Actor, CommandContext
from domain.handoff.templates.commands import TemplateCommands
from domain.handoff.templates.defaults import TemplateName
from domain.outbox.commands import EmailCommands

_NAMESPACE = uuid5(NAMESPACE_URL, "baton:handoff-email")
ACTOR = "handoff"


def cause_of(event: BatonAggregate.Event) -> str:
    return f"{event.originator_id}:{event.originator_version}"


def context_for(event: BatonAggregate.Event, clock: Clock) -> CommandContext:
    """The context of a command the handoff's process issues because of ``event``."""
    return CommandContext(
        actor=Actor.system(ACTOR), now=clock.now(), correlation_id=event.correlation_id, causation_id=cause_of(event)
    )


def email_id_for(cause: str, template: TemplateName) -> UUID:
    return uuid5(_NAMESPACE, f"{cause}:{template.value}")


class HandoffMail:
    """Queues one email per cause and template, to every address given, with support in copy when asked."""

    def __init__(self, emails: EmailCommands, templates: TemplateCommands, enqueue: Callable[[UUID], None]) -> None:
        self.emails, self.templates, self.enqueue = emails, templates, enqueue

    def send(  # noqa: PLR0913
        self,
        ctx: CommandContext,
        cause: str,
        template: TemplateName,
        to: Sequence[str],
        *,
        project_id: str,
        version: int,
        cc: str = "",
        extra: dict[str, str] | None = None,
    ) -> UUID | None:
        """Queue ``template`` about the handoff of ``project_id`` as at ``version``; None when there is no one to send to."""
        recipients = [a for a in dict.fromkeys(a.strip().lower() for a in to) if a]
        if not recipients:
            return None
        email_id = email_id_for(cause, template)
        _, template_version = self.templates.current(template)
        data = {
            "project_id": project_id,
            "handoff_version": str(version),
            "template_version": str(template_version),
            "cc": cc,
            **(extra or {}),
        }
        self.emails.queue(ctx, email_id, to=", ".join(recipients), template=template.value, data=data)
        self.enqueue(email_id)  # even for a repeat: the actor ignores an email already sent
        return email_id
