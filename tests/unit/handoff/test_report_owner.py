"""After handoff the monthly client hours report is the support lead's: they get its day-6 reminder."""

from __future__ import annotations

from uuid import UUID

from domain.context import CommandContext
from domain.handoff import Stage
from domain.handoff.commands import HandoffCommands
from domain.outbox.commands import EmailCommands
from domain.time.report import MonthlyReport, remind_at, report_id
from domain.time.report_commands import MonthlyReportCommands
from domain.time.values import Month
from processes.handoff.report_owner import owner_from
from processes.time.reports import OWNER, REMIND, MonthlyHoursReports, subject_of
from processes.timers import Deadline, deadline_id
from tests.unit.handoff.rig import TIMER, DataDeadlines
from tests.unit.handoff.world import World

MONTH = Month.parse("2026-03")


def remind(world: World) -> tuple[list[str], str]:
    """Fire the March report's reminder; the addresses emailed and who the report records as reminded."""
    owner = owner_from(HandoffCommands(world.app), lambda _: [str(world.project_id)])
    emails = EmailCommands(world.app)
    process = MonthlyHoursReports(DataDeadlines(), MonthlyReportCommands(world.app), emails, lambda _: None, owner)  # type: ignore[arg-type]
    subject = subject_of(world.client_id, MONTH)
    due = remind_at(MONTH)
    process.remind(
        Deadline(deadline_id(OWNER, REMIND, subject), OWNER, REMIND, subject, due), CommandContext(TIMER, due)
    )
    report = MonthlyReportCommands(world.app).load(MonthlyReport, report_id(world.client_id, MONTH))
    sent = [e for e in world.agency.events_since(0) if type(e).__name__ == "Queued" and e.template != "invitation"]
    reminded = next(e for e in world.app.events.get(report.id) if isinstance(e, MonthlyReport.ReminderSent))
    return [e.to for e in sent], reminded.manager_id


def test_the_account_manager_is_reminded_when_the_project_is_not_handed_off(world: World) -> None:
    world.to_stage(Stage.LAUNCHED)
    addresses, reminded = remind(world)
    assert addresses == ["manager@agency.example"]
    assert reminded == str(world.agency.ids["manager"])


def test_the_support_lead_is_reminded_when_the_project_is_handed_off(world: World) -> None:
    world.to_stage(Stage.LAUNCHED)
    world.for_handoff()
    world.handoffs.hand_off(world.as_("admin", 5), world.project_id, world.evidence(), override_reason="Test")
    addresses, reminded = remind(world)
    assert addresses == ["lead@agency.example"]
    assert reminded == str(world.agency.ids["lead"])
    assert UUID(reminded)
