"""The monthly client hours report: reminded once on day 6, late after day 8, marked sent once the month is over."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from uuid import uuid4

import pytest

from domain.context import Actor, CommandContext
from domain.errors import NotPermitted, RuleViolation
from domain.time.report import MonthlyReport, due_on, late_at, remind_at
from domain.time.report_commands import ReportFigures
from tests.unit.time.desk import FEBRUARY, MARCH, Desk

FIGURES = ReportFigures(hours_used=Decimal("12.5"), plan_hours=Decimal(10), over_plan_hours=Decimal("2.5"))


def _at(when: datetime, who: Actor | None = None) -> CommandContext:
    return CommandContext(actor=who or Actor.system("timer"), now=when)


def test_the_report_is_due_on_day_8_with_the_reminder_on_day_6_and_late_after_day_8() -> None:
    assert due_on(FEBRUARY).isoformat() == "2026-03-08"
    assert remind_at(FEBRUARY) == datetime(2026, 3, 6, 9, 0, tzinfo=UTC)
    assert late_at(FEBRUARY) == datetime(2026, 3, 9, 0, 0, tzinfo=UTC)
    assert due_on(MARCH.previous().previous().previous()).isoformat() == "2026-01-08"  # December's, in the new year


def test_the_account_manager_is_reminded_once_when_the_timer_fires_twice(desk: Desk) -> None:
    client = desk.agency.ids["client"]
    when = _at(remind_at(FEBRUARY))
    assert desk.reports.remind(when, client, FEBRUARY, uuid4()) == str(desk.agency.ids["manager"])
    assert desk.reports.remind(when, client, FEBRUARY, uuid4()) is None
    report = desk.reports.report(client, FEBRUARY)
    assert report is not None and report.reminded and report.version == 2


def test_an_unsent_report_is_marked_late_only_after_day_8_when_the_timer_fires(desk: Desk) -> None:
    client = desk.agency.ids["client"]
    desk.reports.mark_late(_at(datetime(2026, 3, 8, 23, 59, tzinfo=UTC)), client, FEBRUARY)
    assert not desk.reports.report(client, FEBRUARY).late  # type: ignore[union-attr]
    desk.reports.mark_late(_at(late_at(FEBRUARY)), client, FEBRUARY)
    desk.reports.mark_late(_at(late_at(FEBRUARY)), client, FEBRUARY)
    report = desk.reports.report(client, FEBRUARY)
    assert report is not None and report.late and report.version == 2


def test_marking_sent_records_the_figures_and_whether_it_was_late_when_the_account_manager_sends_it(desk: Desk) -> None:
    client, manager = desk.agency.ids["client"], Actor.user(desk.agency.ids["manager"], "employee")
    result = desk.reports.mark_sent(
        _at(datetime(2026, 3, 5, tzinfo=UTC), manager), client, FEBRUARY, FIGURES, "Sent by email"
    )
    [_, sent] = desk.reports._app.events.get(result.id)
    assert isinstance(sent, MonthlyReport.Sent) and (sent.hours_used, sent.over_plan_hours, sent.late) == (
        Decimal("12.5"),
        Decimal("2.5"),
        False,
    )
    with pytest.raises(RuleViolation, match="already marked sent on 2026-03-05"):
        desk.reports.mark_sent(_at(datetime(2026, 3, 6, tzinfo=UTC), manager), client, FEBRUARY, FIGURES)
    assert desk.reports.remind(_at(remind_at(FEBRUARY)), client, FEBRUARY, uuid4()) is None


def test_a_report_sent_after_day_8_is_recorded_as_sent_late(desk: Desk) -> None:
    client = desk.agency.ids["client"]
    admin = Actor.user(desk.agency.ids["admin"], "admin")
    result = desk.reports.mark_sent(_at(datetime(2026, 3, 10, tzinfo=UTC), admin), client, FEBRUARY, FIGURES)
    assert [e.late for e in desk.reports._app.events.get(result.id) if isinstance(e, MonthlyReport.Sent)] == [True]


def test_marking_sent_is_refused_when_the_month_is_not_over_or_the_sender_is_not_its_manager(desk: Desk) -> None:
    client = desk.agency.ids["client"]
    with pytest.raises(RuleViolation, match="once the month is over"):
        desk.reports.mark_sent(
            _at(datetime(2026, 3, 31, 12, tzinfo=UTC), Actor.user(desk.agency.ids["admin"], "admin")),
            client,
            MARCH,
            FIGURES,
        )
    with pytest.raises(NotPermitted, match="account manager"):
        desk.reports.mark_sent(
            _at(datetime(2026, 3, 5, tzinfo=UTC), Actor.user(desk.agency.ids["member"], "employee")),
            client,
            FEBRUARY,
            FIGURES,
        )
