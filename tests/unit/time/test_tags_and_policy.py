"""Hour tags (two built in, admins add more) and the automatic lock's setting."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from domain.errors import InvalidInput, NotPermitted, RuleViolation
from domain.time.policy import auto_lock_due
from tests.unit.time.desk import FEBRUARY, Desk


def test_the_built_in_tags_come_first_and_admins_add_more_when_unique(desk: Desk) -> None:
    assert desk.tags.names() == ["ProjectManagement", "Meetings"]
    desk.tags.add(desk.agency.as_("admin"), "Research")
    desk.tags.add(desk.agency.as_("admin"), "Bug-fix_2")
    assert desk.tags.names() == ["ProjectManagement", "Meetings", "Research", "Bug-fix_2"]
    with pytest.raises(RuleViolation, match="'Meetings' already exists"):
        desk.tags.add(desk.agency.as_("admin"), "meetings")


@pytest.mark.parametrize("name", ["", "2fast", "with space", "x" * 41, "semi;colon"])
def test_a_tag_name_is_refused_when_it_is_not_a_word(desk: Desk, name: str) -> None:
    with pytest.raises(InvalidInput):
        desk.tags.add(desk.agency.as_("admin"), name)


def test_only_admins_add_tags_when_an_employee_tries(desk: Desk) -> None:
    with pytest.raises(NotPermitted):
        desk.tags.add(desk.agency.as_("manager"), "Research")


def test_the_automatic_lock_falls_due_grace_days_after_the_month_when_set() -> None:
    assert auto_lock_due(FEBRUARY, 0) == datetime(2026, 3, 1, tzinfo=UTC)
    assert auto_lock_due(FEBRUARY, 5) == datetime(2026, 3, 6, tzinfo=UTC)


def test_the_automatic_lock_setting_is_refused_when_out_of_range_or_set_by_an_employee(desk: Desk) -> None:
    with pytest.raises(InvalidInput, match="0 to 28 days"):
        desk.locks.set_policy(desk.agency.as_("admin"), 29)
    with pytest.raises(NotPermitted):
        desk.locks.set_policy(desk.agency.as_("member"), 3)
    first = desk.locks.set_policy(desk.agency.as_("admin"), 3)
    assert desk.locks.set_policy(desk.agency.as_("admin"), 3).version == first.version  # unchanged: nothing recorded
    desk.locks.set_policy(desk.agency.as_("admin"), None)
    policy = desk.locks.policy()
    assert policy is not None and policy.grace_days is None and policy.version == 2
