"""The monthly client hours report's timers: a reminder on day 6, and "late" after day 8, until it is sent.

Every client with hours logged in a month gets a report for it: the first entry
of a (client, month) schedules its two deadlines (subject ``<client>:<YYYY-MM>``);
scheduling them again is a no-op, and a report marked sent cancels them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import ClassVar
from uuid import UUID

from domain.clients.aggregate import Client
from domain.context import CommandContext
from domain.outbox.commands import EmailCommands
from domain.time.entry import TimeEntry
from domain.time.report import MonthlyReport, due_on, late_at, remind_at
from domain.time.report_commands import MonthlyReportCommands
from domain.time.values import Month
from domain.users.aggregate import User
from processes.kit import ProcessKit
from processes.manager import ProcessManager, reacts_to
from processes.time.emails import REMINDER
from processes.timers import Deadline, Deadlines, Handler

OWNER = "time_monthly_reports"
REMIND = "time.report_reminder"
LATE = "time.report_late"


def subject_of(client_id: str, month: Month) -> str:
    return f"{client_id}:{month}"


def parse_subject(subject: str) -> tuple[UUID, Month]:
    client, month = subject.split(":")
    return UUID(client), Month.parse(month)


class MonthlyHoursReports(ProcessManager):
    """Schedules, fires and cancels the monthly report's reminder and late mark."""

    name: ClassVar[str] = "time_monthly_reports"

    def __init__(
        self,
        deadlines: Deadlines,
        reports: MonthlyReportCommands,
        emails: EmailCommands,
        enqueue: Callable[[UUID], None],
        report_owner: Callable[[str, str], str] | None = None,
    ) -> None:
        super().__init__()
        self.deadlines = deadlines
        self.reports = reports
        self.emails = emails
        self.enqueue = enqueue
        # Who owns a client's report: (client id, account manager id) -> user id (after handoff: the support lead).
        self.report_owner = report_owner or (lambda _client, manager: manager)
        # (client, month) already scheduled by this process: spares a database round trip per entry.
        self._scheduled: set[str] = set()

    @classmethod
    def build(cls, kit: ProcessKit) -> MonthlyHoursReports:
        from processes.handoff.report_owner import report_owner

        reports, emails = kit.commands(MonthlyReportCommands), kit.commands(EmailCommands)
        return cls(kit.deadlines, reports, emails, kit.enqueue_email, report_owner(kit))

    def timers(self) -> Mapping[str, Handler]:
        return {REMIND: self.remind, LATE: self.mark_late}

    @reacts_to(TimeEntry.Logged, TimeEntry.Changed)
    def hours_placed(self, event: TimeEntry.Logged | TimeEntry.Changed) -> None:
        month = Month.parse(event.day[:7])
        subject = subject_of(event.client_id, month)
        if subject in self._scheduled:
            return
        report = self.reports.report(UUID(event.client_id), month)
        if report is None or not report.sent:
            self.deadlines.schedule(owner=OWNER, purpose=REMIND, subject=subject, due_at=remind_at(month))
            self.deadlines.schedule(owner=OWNER, purpose=LATE, subject=subject, due_at=late_at(month))
        self._scheduled.add(subject)

    @reacts_to(MonthlyReport.Sent)
    def sent(self, event: MonthlyReport.Sent) -> None:
        report = self.reports.load(MonthlyReport, event.originator_id)
        subject = subject_of(report.client_id, report.period)
        for purpose in (REMIND, LATE):
            self.deadlines.cancel(owner=OWNER, purpose=purpose, subject=subject)

    def remind(self, deadline: Deadline, ctx: CommandContext) -> None:
        """Day 6: email the report's owner (the account manager; after handoff the support lead), once, unless sent."""
        client_id, month = parse_subject(deadline.subject)
        report = self.reports.report(client_id, month)
        if report is not None and (report.sent or report.reminded):
            return
        client = self.reports.load(Client, client_id)
        owner_id = self.report_owner(str(client_id), client.account_manager_id)
        manager = self.reports.load(User, UUID(owner_id))
        email_id = deadline.derived_id("reminder-email")
        data = {
            "client_id": str(client_id),
            "client_name": client.company_name,
            "month": str(month),
            "due_on": due_on(month).isoformat(),
            "manager_name": manager.name,
        }
        # Queued first (a repeat is a no-op), then recorded: a crash in between re-fires and only records.
        self.emails.queue(ctx, email_id, to=manager.email, template=REMINDER, data=data)
        self.enqueue(email_id)
        self.reports.remind(ctx, client_id, month, email_id, manager_id=owner_id)

    def mark_late(self, deadline: Deadline, ctx: CommandContext) -> None:
        """After day 8: mark the unsent report late."""
        client_id, month = parse_subject(deadline.subject)
        self.reports.mark_late(ctx, client_id, month)
