"""Commands on monthly client hours reports: the timer's reminder and late mark, and marking a report sent."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from uuid import UUID

from domain.application import CommandResult
from domain.clients.aggregate import Client
from domain.commands import CommandGroup
from domain.context import CommandContext
from domain.time.report import MonthlyReport, report_id
from domain.time.values import Month


@dataclass(frozen=True)
class ReportFigures:
    """The figures of a report as it was sent."""

    hours_used: Decimal
    plan_hours: Decimal | None
    over_plan_hours: Decimal


class MonthlyReportCommands(CommandGroup):
    """The write side of monthly client hours reports."""

    def report(self, client_id: UUID, month: Month) -> MonthlyReport | None:
        return self.find(MonthlyReport, report_id(client_id, month))

    def remind(  # noqa: PLR0913
        self, ctx: CommandContext, client_id: UUID, month: Month, email_id: UUID, *, manager_id: str = ""
    ) -> str | None:
        """Record the day-6 reminder to ``manager_id`` (default: the account manager); None when none is needed."""
        owner = manager_id or self.load(Client, client_id).account_manager_id
        report = self._report(ctx, client_id, month)
        if not report.remind(ctx, owner, email_id):
            return None
        self.create(report)
        return owner

    def mark_late(self, ctx: CommandContext, client_id: UUID, month: Month) -> None:
        """After day 8, mark an unsent report late (a repeat changes nothing)."""
        report = self._report(ctx, client_id, month)
        report.mark_late(ctx)
        if report.pending_events:
            self.create(report)

    def mark_sent(  # noqa: PLR0913
        self,
        ctx: CommandContext,
        client_id: UUID,
        month: Month,
        figures: ReportFigures,
        note: str = "",
        *,
        expected_version: int | None = None,
    ) -> CommandResult:
        """Record that the report went to the client, with the figures sent."""
        client = self.load(Client, client_id)
        existing = self.report(client_id, month)
        report = (
            self._app.load_expecting(MonthlyReport, existing.id, expected_version)
            if existing is not None
            else MonthlyReport.open(ctx, str(client_id), month)
        )
        report.mark_sent(
            ctx,
            client.account_manager_id,
            hours_used=figures.hours_used,
            plan_hours=figures.plan_hours,
            over_plan_hours=figures.over_plan_hours,
            note=note,
        )
        return self.create(report)

    def _report(self, ctx: CommandContext, client_id: UUID, month: Month) -> MonthlyReport:
        return self.report(client_id, month) or MonthlyReport.open(ctx, str(client_id), month)
