"""Logging time: on your own task, never in the future, hours as decimals, on projects open for time."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from domain.errors import InvalidInput
from domain.projects import ProjectStatus
from domain.tasks.workflow import TaskDeleted
from domain.time.entry import TimeEntry
from domain.time.errors import NotYourTask, ProjectNotOpenForTime
from tests.unit.time.desk import Desk


def test_an_employee_logs_time_on_their_own_task_when_it_is_assigned_to_them(desk: Desk) -> None:
    result = desk.log("1.5", note="  Built the header  ", tags=("meetings",))
    entry = desk.entry(result.id)
    assert (entry.hours, entry.day, entry.note, entry.tags) == (
        Decimal("1.50"),
        "2026-02-20",
        "Built the header",
        ["Meetings"],
    )
    assert entry.person_id == str(desk.agency.ids["member"])
    assert (entry.project_id, entry.client_id) == (str(desk.project), str(desk.agency.ids["client"]))
    assert desk.day_total(date(2026, 2, 20)) == Decimal("1.5")


def test_logging_is_refused_when_the_task_is_assigned_to_someone_else(desk: Desk) -> None:
    with pytest.raises(NotYourTask, match="not assigned to you"):
        desk.log(who="manager")


def test_logging_is_refused_when_the_task_was_deleted(desk: Desk) -> None:
    desk.agency.tasks.delete(desk.agency.as_("manager"), desk.task)
    with pytest.raises(TaskDeleted):
        desk.log()


@pytest.mark.parametrize("hours", ["0", "-1", "24.01", "25", "1.234", "NaN", "Infinity"])
def test_hours_are_refused_when_not_above_zero_at_most_24_with_two_decimals(desk: Desk, hours: str) -> None:
    with pytest.raises(InvalidInput):
        desk.log(hours)


def test_hours_are_refused_when_given_as_a_float(desk: Desk) -> None:
    with pytest.raises(InvalidInput, match="decimal number"):
        desk.time.log(desk.agency.as_("member"), _new(desk, hours=1.5))  # type: ignore[arg-type]


def test_a_whole_day_of_24_hours_is_accepted_when_it_is_the_only_entry(desk: Desk) -> None:
    desk.log("24")
    assert desk.day_total(date(2026, 2, 20)) == Decimal(24)


def test_logging_is_refused_when_the_day_is_in_the_future_by_the_commands_clock(desk: Desk) -> None:
    desk.log(day=date(2026, 3, 2))  # today (T0 is 2 March 2026)
    with pytest.raises(InvalidInput, match="in the future"):
        desk.log(day=date(2026, 3, 3))


@pytest.mark.parametrize("status", [ProjectStatus.ON_HOLD, ProjectStatus.COMPLETED, ProjectStatus.CANCELLED])
def test_logging_is_refused_when_the_project_is_paused_or_closed(desk: Desk, status: ProjectStatus) -> None:
    project = desk.agency.project(ProjectStatus.ACTIVE)
    task = desk.agency.task(project)
    for step in {ProjectStatus.ON_HOLD: [status], ProjectStatus.CANCELLED: [status]}.get(
        status, [ProjectStatus.IN_REVIEW, ProjectStatus.COMPLETED]
    ):
        desk.agency.projects.change_status(desk.agency.as_("manager"), project, step, reason="Client asked")
    with pytest.raises(ProjectNotOpenForTime, match=str(status)):
        desk.log(task=task)


def test_logging_on_a_project_on_hold_is_accepted_when_its_manager_granted_an_override(desk: Desk) -> None:
    desk.agency.projects.change_status(desk.agency.as_("manager"), desk.project, ProjectStatus.ON_HOLD)
    with pytest.raises(ProjectNotOpenForTime):
        desk.log()
    member = desk.agency.ids["member"]
    override = desk.overrides.grant(desk.agency.as_("manager"), desk.project, member, "Finishing the launch fix")
    assert desk.entry(desk.log().id).hours == Decimal(2)
    desk.overrides.revoke(desk.agency.as_("manager"), override.id, "Fix shipped")
    with pytest.raises(ProjectNotOpenForTime):
        desk.log()
    desk.overrides.grant(desk.agency.as_("admin"), desk.project, member)
    desk.log()


def test_an_override_is_refused_when_someone_other_than_the_manager_or_an_admin_grants_it(desk: Desk) -> None:
    from domain.errors import NotPermitted

    with pytest.raises(NotPermitted, match="project's manager"):
        desk.overrides.grant(desk.agency.as_("member"), desk.project, desk.agency.ids["member"])


def test_tags_are_refused_when_unknown_and_accepted_once_an_admin_adds_them(desk: Desk) -> None:
    with pytest.raises(InvalidInput, match="ProjectManagement, Meetings"):
        desk.log(tags=("Research",))
    desk.tags.add(desk.agency.as_("admin"), "Research", "Reading up before building")
    entry = desk.entry(desk.log(tags=("research", "ProjectManagement", "Research")).id)
    assert entry.tags == ["ProjectManagement", "Research"]


def test_an_entry_records_who_logged_it_when_logged(desk: Desk) -> None:
    entry_id = desk.log().id
    [logged] = desk.time._app.events.get(entry_id)
    assert isinstance(logged, TimeEntry.Logged) and logged.actor_id == str(desk.agency.ids["member"])


def _new(desk: Desk, **kw: object) -> object:
    from domain.time.commands import NewTimeEntry

    return NewTimeEntry(task_id=desk.task, day=date(2026, 2, 20), **kw)  # type: ignore[arg-type]
