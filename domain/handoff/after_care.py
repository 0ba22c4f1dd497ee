"""After handoff: the 30-day window the timer closes, and an enterprise client's monthly calls (mixed into Handoff)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from domain.context import CommandContext
from domain.delivery.access import is_user, require
from domain.errors import InvalidInput, RuleViolation
from domain.handoff import calls
from domain.handoff import events as e
from domain.handoff.checklist_ticks import note_of
from domain.handoff.data import HandoffData, SupportPlan
from domain.handoff.stage import Stage
from domain.projects.aggregate import Project

MAX_TOPIC = 300


class AfterHandoff:
    """The handoff's life after ``handed_off``."""

    window_closes_at: datetime | None
    window_closed: bool
    monthly_calls: dict[str, Any]
    call_reminders: dict[str, str]
    call_reports: list[str]

    if TYPE_CHECKING:

        @property
        def stage(self) -> Stage: ...

        @property
        def details(self) -> HandoffData: ...

        def _record(self, event_class: type[Any], ctx: CommandContext, **data: Any) -> None: ...

    def window_open(self, at: datetime) -> bool:
        """Within the 30 days after handoff (standard terms still apply)."""
        closes = self.window_closes_at
        return closes is not None and not self.window_closed and at < closes

    def close_window(self, ctx: CommandContext, key: str) -> bool:
        """The timer closes the 30-day window at its end; False when it was closed already (a repeat)."""
        require(ctx.actor.role == "system", "Only Baton's own timer closes the post-handoff window.")
        if self.window_closed:
            return False
        if self.window_closes_at is None:
            raise RuleViolation("The project is not handed off: there is no post-handoff window.")
        if ctx.now < self.window_closes_at:
            raise RuleViolation(f"The post-handoff window is open until {self.window_closes_at.isoformat()}.")
        self._record(e.WindowClosed, ctx, key=key)
        return True

    @property
    def first_call(self) -> date | None:
        first = self.monthly_calls.get("first_call", "")
        return date.fromisoformat(first) if first else None

    def plan_monthly_calls(
        self, ctx: CommandContext, project: Project, first_call: date, reminder_days: int = calls.DEFAULT_REMINDER_DAYS
    ) -> None:
        """Set an enterprise client's monthly call: the first date, then the same day each month."""
        require(
            project.can_manage(ctx) or is_user(ctx.actor, self.details.support_lead_id),
            "Only an admin, the project's manager or the support lead may plan the monthly calls.",
        )
        if self.stage is Stage.CANCELLED:
            raise RuleViolation("The handoff was cancelled: there are no calls to plan.")
        if self.details.support_plan != SupportPlan.ENTERPRISE.value:
            raise RuleViolation("Monthly calls come with the enterprise support plan; this client's plan is not.")
        if first_call < ctx.now.astimezone(UTC).date():
            raise InvalidInput(f"The first call ({first_call}) cannot be in the past.")
        days = calls.check_reminder_days(reminder_days)
        self._record(e.MonthlyCallsPlanned, ctx, first_call=first_call.isoformat(), reminder_days=days)

    def record_call_reminder(self, ctx: CommandContext, call_on: date, email_id: str) -> bool:
        """The timer asked the client for a topic for the call on ``call_on``; False when it was recorded already."""
        require(ctx.actor.role == "system", "Only Baton's own timer records call reminders.")
        self._require_call_day(call_on)
        if call_on.isoformat() in self.call_reminders:
            return False
        self._record(e.CallReminderRecorded, ctx, call_on=call_on.isoformat(), email_id=email_id)
        return True

    def report_call(self, ctx: CommandContext, call_on: date, topic: str, summary: str) -> None:
        """Staff record how the monthly call on ``call_on`` went: its topic and what was agreed."""
        require(ctx.actor.role in ("admin", "employee"), "Only staff report on a monthly call.")
        self._require_call_day(call_on)
        if call_on > ctx.now.astimezone(UTC).date():
            raise InvalidInput(f"The call on {call_on} has not happened yet.")
        if call_on.isoformat() in self.call_reports:
            raise RuleViolation(f"The call on {call_on} has a report already.")
        subject = note_of(topic, "A call's topic")
        if not subject or len(subject) > MAX_TOPIC:
            raise InvalidInput(f"A call report needs its topic, in at most {MAX_TOPIC} characters.")
        text = note_of(summary, "A call's summary")
        if not text:
            raise InvalidInput("A call report needs a summary of what was discussed and agreed.")
        self._record(e.CallReported, ctx, call_on=call_on.isoformat(), topic=subject, summary=text)

    def _require_call_day(self, call_on: date) -> None:
        first = self.first_call
        if first is None:
            raise RuleViolation("No monthly calls are planned for this client.")
        if not calls.is_call_day(first, call_on):
            raise InvalidInput(f"{call_on} is not one of the monthly calls (they are on day {first.day}).")
