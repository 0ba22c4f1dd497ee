"""The handoff in motion: each stage's emails, the 30-day window's timer, the monthly calls' reminders.

- Client trained: the support queue gets the data table; the client's
  authorised contacts get the introduction to support (support in copy) with
  the routing table. From then on ``TicketRouting`` routes the client's tickets.
- Launched: the support queue gets the launch data and what the project manager keeps.
- Handed off: the client gets the transition message (support in copy); the
  window's deadline is set for its end, and its handler closes it.
- Monthly calls planned: a deadline for the next call's reminder; its handler
  asks the client for a topic, records that, and sets the next one.
Emails and deadlines derive from their cause, so reacting twice does nothing new.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any, ClassVar
from uuid import UUID

from domain.clock import Clock
from domain.context import CommandContext
from domain.handoff import events as e
from domain.handoff.aggregate import Handoff
from domain.handoff.calls import next_call, reminder_at
from domain.handoff.commands import HandoffCommands
from domain.handoff.templates.commands import TemplateCommands
from domain.handoff.templates.defaults import TemplateName as T
from domain.outbox.commands import EmailCommands
from processes.handoff.desk import HandoffDesk
from processes.handoff.mail import HandoffMail, cause_of, context_for
from processes.kit import ProcessKit
from processes.manager import ProcessManager, reacts_to
from processes.timers import Deadline, Deadlines, Handler

OWNER = "handoff_flow"
WINDOW = "handoff.window"
CALL_REMINDER = "handoff.call_reminder"


def _authorised(data: Mapping[str, Any]) -> list[str]:
    return [str(p["email"]) for p in data.get("authorised_contacts") or []]


class HandoffFlow(ProcessManager):
    """Sends each stage's emails and keeps the handoff's timers."""

    name: ClassVar[str] = "handoff_flow"

    def __init__(
        self, handoffs: HandoffCommands, mail: HandoffMail, deadlines: Deadlines, clock: Clock, desk: HandoffDesk
    ) -> None:
        super().__init__()
        self.handoffs, self.mail, self.deadlines, self.clock, self.desk = handoffs, mail, deadlines, clock, desk

    @classmethod
    def build(cls, kit: ProcessKit) -> HandoffFlow:
        mail = HandoffMail(kit.commands(EmailCommands), kit.commands(TemplateCommands), kit.enqueue_email)
        return cls(kit.commands(HandoffCommands), mail, kit.deadlines, kit.clock, HandoffDesk.of(kit.settings))

    def timers(self) -> Mapping[str, Handler]:
        return {WINDOW: self.close_window, CALL_REMINDER: self.remind_of_call}

    def _project(self, event: e.HandoffEvent) -> str:
        return str(self.handoffs.load(Handoff, event.originator_id).project_id)

    @reacts_to(Handoff.ClientTrained)
    def client_trained(self, event: e.ClientTrained) -> None:
        ctx, project, version = context_for(event, self.clock), self._project(event), event.originator_version
        cause, support = cause_of(event), self.desk.desk.address
        self.mail.send(ctx, cause, T.CLIENT_TRAINED, [self.desk.queue_address], project_id=project, version=version)
        self.mail.send(
            ctx, cause, T.SUPPORT_INTRODUCTION, _authorised(event.data), project_id=project, version=version, cc=support
        )

    @reacts_to(Handoff.Launched)
    def launched(self, event: e.Launched) -> None:
        ctx, project = context_for(event, self.clock), self._project(event)
        self.mail.send(
            ctx, cause_of(event), T.LAUNCHED, [self.desk.queue_address], project_id=project,
            version=event.originator_version,
        )  # fmt: skip

    @reacts_to(Handoff.HandedOff)
    def handed_off(self, event: e.HandedOff) -> None:
        ctx, project = context_for(event, self.clock), self._project(event)
        self.mail.send(
            ctx, cause_of(event), T.TRANSITION, _authorised(event.data), project_id=project,
            version=event.originator_version, cc=self.desk.desk.address,
        )  # fmt: skip
        self.deadlines.schedule(owner=OWNER, purpose=WINDOW, subject=project, due_at=event.window_closes_at)

    @reacts_to(Handoff.MonthlyCallsPlanned)
    def calls_planned(self, event: e.MonthlyCallsPlanned) -> None:
        first = date.fromisoformat(event.first_call)
        self._schedule_reminder(self._project(event), next_call(first, event.timestamp.date()), event.reminder_days)

    def _schedule_reminder(self, project: str, call: date, reminder_days: int) -> None:
        self.deadlines.schedule(
            owner=OWNER, purpose=CALL_REMINDER, subject=project, due_at=reminder_at(call, reminder_days),
            data={"call_on": call.isoformat()},
        )  # fmt: skip

    def close_window(self, deadline: Deadline, ctx: CommandContext) -> None:
        self.handoffs.close_window(ctx, UUID(deadline.subject), deadline.key)

    def remind_of_call(self, deadline: Deadline, ctx: CommandContext) -> None:
        project = UUID(deadline.subject)
        handoff = self.handoffs.get(project)
        if not handoff.monthly_calls:
            return
        call = date.fromisoformat(str(deadline.data["call_on"]))
        email_id = self.mail.send(
            ctx, deadline.key, T.MONTHLY_CALL_REMINDER, _authorised(handoff.data), project_id=str(project),
            version=handoff.version, cc=self.desk.desk.address, extra={"call_on": call.isoformat()},
        )  # fmt: skip
        self.handoffs.record_call_reminder(ctx, project, call, str(email_id or ""))
        first = date.fromisoformat(handoff.monthly_calls["first_call"])
        following = next_call(first, call + timedelta(days=1))
        self._schedule_reminder(str(project), following, int(handoff.monthly_calls["reminder_days"]))
