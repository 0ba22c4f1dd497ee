"""The time controls' rows, given lock, override, tag, policy and report events: the in-memory writer."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from uuid import uuid4

import pytest

from domain.application import BatonApplication
from domain.context import Actor, CommandContext
from domain.projects import ProjectStatus
from domain.time.report import late_at, remind_at
from domain.time.report_commands import ReportFigures
from projections.engine import MemoryWriter, replay
from projections.time import TimeControls
from tests.unit.delivery.agency import Agency
from tests.unit.projections.log import events_of
from tests.unit.time.desk import FEBRUARY, Desk


@pytest.fixture
def desk(app: BatonApplication) -> Desk:
    return Desk(Agency(app))


def view(desk: Desk) -> MemoryWriter:
    return replay(TimeControls(), events_of(desk.agency.app))


def test_a_lock_shows_its_period_whom_it_binds_and_who_set_and_lifted_it(desk: Desk) -> None:
    lock_id = desk.lock_month(person="member", reason="Close").id
    [row] = view(desk).rows("time_locks")
    assert (row["first_day"], row["last_day"], row["person_id"], row["active"], row["set_by_name"]) == (
        date(2026, 2, 1),
        date(2026, 2, 28),
        desk.agency.ids["member"],
        True,
        "Admin",
    )
    desk.locks.unlock(desk.agency.as_("admin"), lock_id, "Correction")
    [row] = view(desk).rows("time_locks")
    assert (row["active"], row["unlock_reason"], row["unlocked_by_name"]) == (False, "Correction", "Admin")


def test_an_override_row_follows_grant_revoke_and_grant_again(desk: Desk) -> None:
    desk.agency.projects.change_status(desk.agency.as_("manager"), desk.project, ProjectStatus.ON_HOLD)
    member = desk.agency.ids["member"]
    override = desk.overrides.grant(desk.agency.as_("manager"), desk.project, member, "Launch fix").id
    assert [r["active"] for r in view(desk).rows("time_overrides")] == [True]
    desk.overrides.revoke(desk.agency.as_("manager"), override, "Done")
    assert [(r["active"], r["reason"]) for r in view(desk).rows("time_overrides")] == [(False, "Done")]
    desk.overrides.grant(desk.agency.as_("admin"), desk.project, member, "Again")
    assert [(r["active"], r["version"]) for r in view(desk).rows("time_overrides")] == [(True, 3)]


def test_added_tags_and_the_lock_policy_are_listed_when_set(desk: Desk) -> None:
    desk.tags.add(desk.agency.as_("admin"), "Research", "Reading")
    desk.locks.set_policy(desk.agency.as_("admin"), 5)
    desk.locks.set_policy(desk.agency.as_("admin"), 2)
    written = view(desk)
    assert [(t["name"], t["description"]) for t in written.rows("time_tags")] == [("Research", "Reading")]
    assert [(p["grace_days"], p["version"]) for p in written.rows("time_lock_policy")] == [(2, 2)]


def test_a_monthly_report_row_records_reminder_late_and_sent(desk: Desk) -> None:
    client = desk.agency.ids["client"]
    system = Actor.system("timer")
    desk.reports.remind(CommandContext(actor=system, now=remind_at(FEBRUARY)), client, FEBRUARY, uuid4())
    desk.reports.mark_late(CommandContext(actor=system, now=late_at(FEBRUARY)), client, FEBRUARY)
    admin = CommandContext(actor=Actor.user(desk.agency.ids["admin"], "admin"), now=datetime(2026, 3, 10, tzinfo=UTC))
    desk.reports.mark_sent(admin, client, FEBRUARY, ReportFigures(Decimal(12), Decimal(10), Decimal(2)), "By email")
    [row] = view(desk).rows("time_monthly_reports")
    assert (row["month"], row["due_on"], row["reminded"], row["late"], row["sent"], row["sent_late"]) == (
        "2026-02",
        date(2026, 3, 8),
        True,
        True,
        True,
        True,
    )
    assert (row["sent_hours_used"], row["sent_over_plan_hours"], row["sent_note"]) == (
        Decimal(12),
        Decimal(2),
        "By email",
    )
