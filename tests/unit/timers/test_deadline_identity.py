"""A deadline's id names what it is for; what its firing creates is named by the occurrence."""

from __future__ import annotations

from datetime import timedelta

import pytest

from domain.context import CommandContext
from processes.timers import Deadline, TimerHandlers, deadline_id
from tests.builders import T0


def _deadline(due_in_hours: int = 1) -> Deadline:
    return Deadline(
        id=deadline_id("invoices", "invoice.overdue", "inv-1"),
        owner="invoices",
        purpose="invoice.overdue",
        subject="inv-1",
        due_at=T0 + timedelta(hours=due_in_hours),
    )


def test_same_owner_purpose_and_subject_name_the_same_deadline_when_derived_again() -> None:
    assert deadline_id("invoices", "invoice.overdue", "inv-1") == deadline_id("invoices", "invoice.overdue", "inv-1")
    assert deadline_id("invoices", "invoice.overdue", "inv-1") != deadline_id("invoices", "invoice.overdue", "inv-2")
    assert deadline_id("invoices", "invoice.overdue", "inv-1") != deadline_id("invoices", "invoice.reminder", "inv-1")
    # Fields are separated, so shifting text between them names another deadline.
    assert deadline_id("a", "bc", "d") != deadline_id("ab", "c", "d")


def test_firing_the_same_occurrence_again_derives_the_same_ids_and_key() -> None:
    first, again = _deadline(), _deadline()
    assert first.derived_id("reminder") == again.derived_id("reminder") and first.key == again.key
    assert first.derived_id("reminder") != first.derived_id("notice")


def test_next_occurrence_of_a_deadline_derives_new_ids_when_moved() -> None:
    assert _deadline(1).derived_id("reminder") != _deadline(2).derived_id("reminder")
    assert _deadline(1).key != _deadline(2).key


def test_second_handler_for_one_purpose_is_refused() -> None:
    def handler(deadline: Deadline, ctx: CommandContext) -> None: ...

    handlers = TimerHandlers()
    handlers.register("invoice.overdue", handler)
    with pytest.raises(ValueError, match="already registered"):
        handlers.register("invoice.overdue", handler)
    assert handlers.purposes == ["invoice.overdue"]
