"""Correcting and deleting entries: your own only (admins see all and edit none), the day at most 24 hours."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from domain.errors import InvalidInput
from domain.time.errors import DayFull, EntryDeleted, NotYourEntry
from tests.unit.time.desk import FEBRUARY, MARCH, Desk

DAY = date(2026, 2, 20)


def test_the_person_corrects_hours_day_note_and_tags_when_it_is_their_entry(desk: Desk) -> None:
    entry_id = desk.log("2").id
    result = desk.correct(
        entry_id, hours=Decimal("3.25"), day=date(2026, 2, 19), note="Header and footer", tags=("Meetings",)
    )
    entry = desk.entry(entry_id)
    assert (result.version, entry.hours, entry.day, entry.note, entry.tags) == (
        2,
        Decimal("3.25"),
        "2026-02-19",
        "Header and footer",
        ["Meetings"],
    )
    assert desk.day_total(DAY) == 0 and desk.day_total(date(2026, 2, 19)) == Decimal("3.25")


def test_a_correction_records_nothing_when_nothing_changes(desk: Desk) -> None:
    entry_id = desk.log("2").id
    assert desk.correct(entry_id, hours=Decimal("2.00"), note="").version == 1


def test_another_employee_cannot_correct_or_delete_an_entry_when_it_is_not_theirs(desk: Desk) -> None:
    entry_id = desk.log().id
    with pytest.raises(NotYourEntry, match="only its person"):
        desk.correct(entry_id, who="colleague", hours=Decimal(1))
    with pytest.raises(NotYourEntry):
        desk.time.delete(desk.agency.as_("manager"), entry_id)


def test_an_admin_cannot_correct_an_entry_when_it_is_someone_elses(desk: Desk) -> None:
    entry_id = desk.log().id
    with pytest.raises(NotYourEntry, match="Admins see every entry but cannot change"):
        desk.correct(entry_id, who="admin", hours=Decimal(1))
    assert desk.entry(entry_id).version == 1


def test_deleting_releases_the_hours_and_the_entry_no_longer_changes_when_deleted(desk: Desk) -> None:
    entry_id = desk.log("8").id
    desk.time.delete(desk.agency.as_("member"), entry_id)
    assert desk.entry(entry_id).deleted and desk.day_total(DAY) == 0
    with pytest.raises(EntryDeleted):
        desk.correct(entry_id, hours=Decimal(1))
    with pytest.raises(EntryDeleted):
        desk.time.delete(desk.agency.as_("member"), entry_id)


def test_the_day_is_refused_past_24_hours_when_entries_add_up(desk: Desk) -> None:
    desk.log("10")
    second = desk.log("14").id
    with pytest.raises(DayFull, match="24.01 hours on 2026-02-20"):
        desk.log("0.01")
    with pytest.raises(DayFull):
        desk.correct(second, hours=Decimal("14.5"))
    desk.correct(second, hours=Decimal("13.5"))
    desk.log("0.5")
    assert desk.day_total(DAY) == Decimal(24)


def test_each_person_has_their_own_24_hours_when_two_log_the_same_day(desk: Desk) -> None:
    colleague_task = desk.agency.task(desk.project, assignee_id=desk.agency.ids["member"])
    desk.log("20")
    desk.agency.projects.add_member(desk.agency.as_("manager"), desk.project, desk.agency.ids["colleague"])
    desk.agency.tasks.reassign(desk.agency.as_("manager"), colleague_task, desk.agency.ids["colleague"])
    desk.log("20", who="colleague", task=colleague_task)
    assert desk.day_total(DAY, "colleague") == Decimal(20)


def test_moving_an_entry_to_another_month_moves_its_hours_between_timesheets(desk: Desk) -> None:
    entry_id = desk.log("5").id
    desk.correct(entry_id, day=date(2026, 3, 1))
    assert desk.sheet(FEBRUARY).entries == {} and desk.sheet(MARCH).day_total(date(2026, 3, 1)) == 5
    with pytest.raises(InvalidInput, match="future"):
        desk.correct(entry_id, day=date(2026, 3, 9))


def test_moving_an_entry_to_another_task_takes_that_tasks_project_when_it_is_the_persons(desk: Desk) -> None:
    other_project = desk.agency.project(name="Shop")
    other_task = desk.agency.task(other_project, title="Checkout")
    entry_id = desk.log().id
    desk.correct(entry_id, task_id=other_task)
    entry = desk.entry(entry_id)
    assert (entry.task_id, entry.project_id) == (str(other_task), str(other_project))
    unassigned = desk.agency.task(other_project, assignee_id=None)
    from domain.time.errors import NotYourTask

    with pytest.raises(NotYourTask):
        desk.correct(entry_id, task_id=unassigned)


def test_every_change_is_written_with_its_timesheet_in_one_commit_when_saved(desk: Desk) -> None:
    before = desk.agency.head()
    entry_id = desk.log().id
    desk.correct(entry_id, note="more")
    desk.time.delete(desk.agency.as_("member"), entry_id)
    assert desk.agency.topics_since(before) == [
        "baton.time.TimeLogged",
        "baton.time.MonthStarted",
        "baton.time.MonthSheetOpened",
        "baton.time.TimesheetOpened",
        "baton.time.HoursBooked",
        "baton.time.TimeEntryChanged",
        "baton.time.HoursBooked",
        "baton.time.TimeEntryDeleted",
        "baton.time.HoursReleased",
    ]
