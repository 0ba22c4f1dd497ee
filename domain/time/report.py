"""The MonthlyReport aggregate: one client's hours report for one month, due by day 8 of the next.

The figures are computed from the time log (projections/time/); this record
keeps what happened to the report: the reminder to the account manager on day
6, the mark "late" after day 8, and the admin's or account manager's "sent",
with the figures as sent.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from uuid import NAMESPACE_URL, UUID, uuid5

from domain.aggregate import BatonAggregate
from domain.context import CommandContext
from domain.delivery.access import is_admin, is_user, require
from domain.errors import RuleViolation
from domain.time.values import Month, note_of

_NAMESPACE = uuid5(NAMESPACE_URL, "baton:monthly-hours-report")
DUE_DAY = 8
REMIND_DAY = 6
REMIND_AT = time(9, 0)


def report_id(client_id: UUID | str, month: Month) -> UUID:
    return uuid5(_NAMESPACE, f"{client_id}:{month}")


def due_on(month: Month) -> date:
    """The last day to send ``month``'s report: day 8 of the next month."""
    return month.next().day(DUE_DAY)


def remind_at(month: Month) -> datetime:
    """When the account manager is reminded: day 6 of the next month, 09:00 UTC."""
    return datetime.combine(month.next().day(REMIND_DAY), REMIND_AT, tzinfo=UTC)


def late_at(month: Month) -> datetime:
    """When an unsent report is late: the start of the day after day 8 (UTC)."""
    return datetime.combine(due_on(month) + timedelta(days=1), time(0), tzinfo=UTC)


class MonthlyReport(BatonAggregate):
    """What happened to a client's monthly hours report: reminded, late, sent."""

    TOPIC = "baton.time.MonthlyReport"

    class Event(BatonAggregate.Event):
        """Base of a monthly report's events."""

    class Opened(Event, BatonAggregate.Created):
        """The report of ``month`` for the client became a record (due on ``due_on``)."""

        TOPIC = "baton.time.MonthlyReportOpened"
        client_id: str
        month: str
        due_on: str

    Created = Opened

    class ReminderSent(Event):
        """The client's account manager was reminded to send the report (``email_id`` the queued email)."""

        TOPIC = "baton.time.MonthlyReportReminderSent"
        manager_id: str
        email_id: str

        def apply(self, aggregate: MonthlyReport) -> None:
            aggregate.reminded = True

    class MarkedLate(Event):
        """Day 8 passed without the report being sent."""

        TOPIC = "baton.time.MonthlyReportMarkedLate"

        def apply(self, aggregate: MonthlyReport) -> None:
            aggregate.late = True

    class Sent(Event):
        """The report went to the client: who sent it, the figures sent, and whether it was late."""

        TOPIC = "baton.time.MonthlyReportSent"
        hours_used: Decimal
        plan_hours: Decimal | None
        over_plan_hours: Decimal
        late: bool
        note: str

        def apply(self, aggregate: MonthlyReport) -> None:
            aggregate.sent = True
            aggregate.sent_by = self.actor_id
            aggregate.sent_at = self.timestamp

    def __init__(self, client_id: str, month: str, due_on: str) -> None:
        self.client_id = client_id
        self.month = month
        self.due_on = due_on
        self.reminded = False
        self.late = False
        self.sent = False
        self.sent_by = ""
        self.sent_at: datetime | None = None

    @classmethod
    def open(cls, ctx: CommandContext, client_id: str, month: Month) -> MonthlyReport:
        opened: MonthlyReport = cls._start(
            cls.Opened,
            ctx,
            report_id(client_id, month),
            client_id=client_id,
            month=str(month),
            due_on=due_on(month).isoformat(),
        )
        return opened

    @property
    def period(self) -> Month:
        return Month.parse(self.month)

    def remind(self, ctx: CommandContext, manager_id: str, email_id: UUID) -> bool:
        """Record the reminder, once, and only while the report is unsent. False: nothing to remind."""
        if self.sent or self.reminded:
            return False
        self._record(self.ReminderSent, ctx, manager_id=manager_id, email_id=str(email_id))
        return True

    def mark_late(self, ctx: CommandContext) -> None:
        """After day 8 an unsent report is late (once)."""
        if not (self.sent or self.late) and ctx.now >= late_at(self.period):
            self._record(self.MarkedLate, ctx)

    def mark_sent(  # noqa: PLR0913
        self,
        ctx: CommandContext,
        account_manager_id: str,
        *,
        hours_used: Decimal,
        plan_hours: Decimal | None,
        over_plan_hours: Decimal,
        note: str = "",
    ) -> None:
        """Record that the report went to the client (an admin or the client's account manager), once the month ended."""
        require(
            is_admin(ctx.actor) or is_user(ctx.actor, account_manager_id),
            "Only an admin or the client's account manager may mark the monthly report sent.",
        )
        if self.sent:
            raise RuleViolation(f"The {self.month} report was already marked sent on {self.sent_at:%Y-%m-%d}.")
        if ctx.now.date() <= self.period.last:
            raise RuleViolation(
                f"The {self.month} report can be sent once the month is over (after {self.period.last})."
            )
        self._record(
            self.Sent,
            ctx,
            hours_used=hours_used,
            plan_hours=plan_hours,
            over_plan_hours=over_plan_hours,
            late=ctx.now >= late_at(self.period),
            note=note_of(note),
        )
