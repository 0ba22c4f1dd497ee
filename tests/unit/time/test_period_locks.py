"""Period locks: nothing dated in a locked period is created, changed or deleted; the refusal names the lock."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from domain.errors import InvalidInput, InvalidTransition, NotPermitted
from domain.time.errors import PeriodLocked
from domain.time.locks import PeriodLock
from domain.time.month import TimeMonth, time_month_id
from domain.time.values import Month
from tests.unit.time.desk import FEBRUARY, Desk


def test_a_late_entry_is_refused_naming_the_lock_and_who_set_it_when_the_month_is_locked(desk: Desk) -> None:
    lock = desk.lock_month(reason="Month-end close")
    with pytest.raises(PeriodLocked) as refused:
        desk.log(day=date(2026, 2, 27))
    detail = refused.value.detail
    assert f"lock {lock.id} on 2026-02 (2026-02-01 to 2026-02-28) for everyone" in detail
    assert "set by Admin on 2026-03-02 (Month-end close)" in detail
    desk.log(day=date(2026, 3, 1))  # the next month is open


def test_entries_already_in_the_period_cannot_be_changed_or_deleted_when_it_is_locked(desk: Desk) -> None:
    entry_id = desk.log(day=date(2026, 2, 10)).id
    desk.lock(date(2026, 2, 1), date(2026, 2, 15))
    with pytest.raises(PeriodLocked, match="cannot be changed"):
        desk.correct(entry_id, note="a late correction")
    with pytest.raises(PeriodLocked, match="cannot be changed"):
        desk.correct(entry_id, day=date(2026, 2, 20))
    with pytest.raises(PeriodLocked, match="cannot be deleted"):
        desk.time.delete(desk.agency.as_("member"), entry_id)
    outside = desk.log(day=date(2026, 2, 16)).id
    with pytest.raises(PeriodLocked):
        desk.correct(outside, day=date(2026, 2, 15))


def test_a_lock_for_one_person_binds_only_them_when_others_log_the_same_days(desk: Desk) -> None:
    colleague_task = desk.agency.task(desk.project)
    desk.agency.projects.add_member(desk.agency.as_("manager"), desk.project, desk.agency.ids["colleague"])
    desk.agency.tasks.reassign(desk.agency.as_("manager"), colleague_task, desk.agency.ids["colleague"])
    desk.lock_month(person="member")
    with pytest.raises(PeriodLocked, match="for you"):
        desk.log()
    desk.log(who="colleague", task=colleague_task)


def test_unlocking_needs_a_reason_and_reopens_the_period_when_given(desk: Desk) -> None:
    entry_id = desk.log().id
    lock = desk.lock_month()
    with pytest.raises(InvalidInput, match="needs a reason"):
        desk.locks.unlock(desk.agency.as_("admin"), lock.id, "  ")
    desk.locks.unlock(desk.agency.as_("admin"), lock.id, "Invoice correction for the client")
    desk.correct(entry_id, hours=Decimal(3))
    assert not desk.locks.load(PeriodLock, lock.id).active and desk.sheet().locks == {}
    with pytest.raises(InvalidTransition):
        desk.locks.unlock(desk.agency.as_("admin"), lock.id, "again")


def test_only_an_admin_locks_or_unlocks_when_an_employee_tries(desk: Desk) -> None:
    from domain.time.lock_commands import NewPeriodLock

    with pytest.raises(NotPermitted):
        desk.locks.lock(desk.agency.as_("manager"), NewPeriodLock.month(FEBRUARY))
    lock = desk.lock_month()
    with pytest.raises(NotPermitted):
        desk.locks.unlock(desk.agency.as_("member"), lock.id, "please")


def test_a_lock_reaches_timesheets_opened_before_and_after_it_when_it_spans_months(desk: Desk) -> None:
    desk.log(day=date(2026, 1, 30))
    desk.lock(date(2026, 1, 25), date(2026, 2, 5))
    assert desk.sheet(Month(2026, 1)).lock_on(date(2026, 1, 30)) is not None
    with pytest.raises(PeriodLocked):
        desk.log(day=date(2026, 2, 5))  # the February timesheet opens with the lock already on it
    desk.log(day=date(2026, 2, 6))
    months = [desk.locks.load(TimeMonth, time_month_id(m)) for m in (Month(2026, 1), FEBRUARY)]
    assert all(len(m.locks) == 1 for m in months)


def test_a_period_is_refused_when_it_ends_before_it_starts_or_spans_more_than_a_year(desk: Desk) -> None:
    with pytest.raises(InvalidInput, match="2026-02-01 is before 2026-02-10"):
        desk.lock(date(2026, 2, 10), date(2026, 2, 1))
    with pytest.raises(InvalidInput, match="at most 366 days"):
        desk.lock(date(2025, 1, 1), date(2026, 1, 2))


def test_the_automatic_lock_of_a_month_is_set_once_when_its_timer_fires_twice(desk: Desk) -> None:
    entry_id = desk.log().id
    system = desk.agency.as_("system")
    first = desk.locks.auto_lock(system, FEBRUARY, grace_days=3)
    assert first is not None and desk.locks.auto_lock(system, FEBRUARY, grace_days=3) is None
    with pytest.raises(PeriodLocked, match="set by Baton \\(automatic lock\\)"):
        desk.correct(entry_id, hours=Decimal(1))
