"""Time's processes: months lock themselves after the grace; the monthly report's reminder and late mark."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from domain.outbox import OutboundEmail
from domain.time.errors import PeriodLocked
from domain.time.locks import PeriodLock, automatic_lock_id
from domain.time.report import late_at, remind_at
from domain.time.report_commands import ReportFigures
from processes.time.emails import time_renderers
from processes.time.locks import AUTO_LOCK, AutomaticLocks
from processes.time.reports import LATE, REMIND, MonthlyHoursReports
from tests.unit.time.desk import FEBRUARY, MARCH, Desk
from tests.unit.time.rig import Rig


def test_setting_the_policy_schedules_last_and_this_months_lock_after_the_grace(desk: Desk) -> None:
    rig = Rig(desk, AutomaticLocks)
    desk.locks.set_policy(desk.agency.as_("admin"), 3)
    rig.run()
    assert rig.deadlines.live(AUTO_LOCK) == {
        "2026-02": datetime(2026, 3, 4, tzinfo=UTC),
        "2026-03": datetime(2026, 4, 4, tzinfo=UTC),
    }


def test_a_month_locks_itself_once_and_books_the_next_when_its_deadline_fires(desk: Desk) -> None:
    rig = Rig(desk, AutomaticLocks)
    entry = desk.log(day=date(2026, 2, 27)).id
    desk.locks.set_policy(desk.agency.as_("admin"), 3)
    rig.run()
    rig.fire(AUTO_LOCK, "2026-02", datetime(2026, 3, 4, tzinfo=UTC))
    rig.fire(AUTO_LOCK, "2026-02", datetime(2026, 3, 4, 0, 5, tzinfo=UTC))  # a second firing changes nothing
    lock = desk.locks.load(PeriodLock, automatic_lock_id(FEBRUARY))
    assert lock.automatic and lock.version == 1 and (lock.start, lock.end) == ("2026-02-01", "2026-02-28")
    with pytest.raises(PeriodLocked, match="Baton \\(automatic lock\\)"):
        desk.correct(entry, hours=Decimal(1))
    assert rig.deadlines.live(AUTO_LOCK)["2026-03"] == datetime(2026, 4, 4, tzinfo=UTC)


def test_nothing_locks_when_the_policy_was_turned_off_before_the_deadline_fired(desk: Desk) -> None:
    rig = Rig(desk, AutomaticLocks)
    desk.locks.set_policy(desk.agency.as_("admin"), 3)
    rig.run()
    desk.locks.set_policy(desk.agency.as_("admin"), None)
    rig.run()
    assert rig.deadlines.live(AUTO_LOCK) == {}
    rig.fire(AUTO_LOCK, "2026-02", datetime(2026, 3, 4, tzinfo=UTC))
    assert desk.locks.find(PeriodLock, automatic_lock_id(FEBRUARY)) is None


def test_hours_logged_for_a_client_schedule_the_reminder_on_day_6_and_late_after_day_8(desk: Desk) -> None:
    rig = Rig(desk, MonthlyHoursReports)
    desk.log(day=date(2026, 2, 20))
    desk.log(day=date(2026, 2, 21))
    rig.run()
    subject = f"{desk.agency.ids['client']}:2026-02"
    assert rig.deadlines.live(REMIND) == {subject: remind_at(FEBRUARY)}
    assert rig.deadlines.live(LATE) == {subject: late_at(FEBRUARY)}


def test_the_account_manager_is_emailed_once_on_day_6_and_the_report_marked_late_after_day_8(desk: Desk) -> None:
    rig = Rig(desk, MonthlyHoursReports)
    desk.log(day=date(2026, 2, 20))
    rig.run()
    subject = f"{desk.agency.ids['client']}:2026-02"
    rig.fire(REMIND, subject, remind_at(FEBRUARY))
    rig.fire(REMIND, subject, remind_at(FEBRUARY))
    assert len(rig.enqueued) == 1  # the second firing finds the reminder recorded
    email = desk.time.load(OutboundEmail, rig.enqueued[0])
    assert email.to == "manager@agency.example"
    message = time_renderers("Baton <noreply@baton.local>", "https://baton.example")[email.template](email)
    assert "Stone & Co (2026-02) is due by 2026-03-08" in str(message["Subject"])
    rig.fire(LATE, subject, late_at(FEBRUARY))
    report = desk.reports.report(desk.agency.ids["client"], FEBRUARY)
    assert report is not None and report.reminded and report.late


def test_a_report_marked_sent_cancels_its_timers_and_gets_no_reminder(desk: Desk) -> None:
    rig = Rig(desk, MonthlyHoursReports)
    desk.log(day=date(2026, 3, 2))
    rig.run()
    admin = desk.agency.as_("admin")
    later = admin.__class__(actor=admin.actor, now=datetime(2026, 4, 2, tzinfo=UTC))
    desk.reports.mark_sent(later, desk.agency.ids["client"], MARCH, ReportFigures(Decimal(2), None, Decimal(0)))
    rig.run()
    assert rig.deadlines.live(REMIND) == {} and rig.deadlines.live(LATE) == {}
