"""A deadline fires once when due and not before; it can be cancelled and moved."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest

from domain.context import CommandContext
from processes.timers import MAX_ATTEMPTS, Deadline, deadline_id
from tests.builders import T0
from tests.integration.timers.rig import PURPOSE, Recorder, Rig, deadline_rig


@pytest.fixture
def rig(database_url: str, schema: str) -> Iterator[Rig]:
    with deadline_rig(database_url, schema) as r:
        yield r


def test_deadline_fires_once_when_due_and_not_before(rig: Rig) -> None:
    recorder = Recorder()
    runner = rig.runner(recorder)
    deadline = rig.schedule("invoice-7", T0 + timedelta(hours=1))

    assert runner.run_due(T0 + timedelta(minutes=59, seconds=59)) == []
    assert rig.row(deadline.id).status == "scheduled"

    [firing] = runner.run_due(T0 + timedelta(hours=1))
    assert firing.outcome == "fired"
    assert runner.run_due(T0 + timedelta(hours=5)) == []
    assert recorder.counts() == {deadline.id: 1}
    stored = rig.row(deadline.id)
    assert (stored.status, stored.attempts) == ("fired", 1)


def test_fired_command_context_is_the_timer_caused_by_the_deadline(rig: Rig) -> None:
    recorder = Recorder()
    deadline = rig.schedule("ticket-3", T0)
    rig.clock.at = T0 + timedelta(minutes=3)
    rig.runner(recorder).run_due()
    [(_, due, ctx)] = recorder.calls
    assert (ctx.actor.id, ctx.actor.role) == ("timer", "system")
    assert ctx.causation_id == str(deadline.id) and ctx.correlation_id == deadline.key
    assert due == T0 and ctx.now == T0 + timedelta(minutes=3)


def test_deadline_id_derives_from_owner_purpose_and_subject_when_scheduled(rig: Rig) -> None:
    deadline = rig.schedule("lead-1", T0)
    assert deadline.id == deadline_id("tests", PURPOSE, "lead-1")
    assert deadline_id("tests", PURPOSE, "lead-2") != deadline.id
    assert deadline_id("other", PURPOSE, "lead-1") != deadline.id


def test_cancelled_deadline_never_fires(rig: Rig) -> None:
    recorder = Recorder()
    deadline = rig.schedule("invoice-8", T0)
    assert rig.deadlines.cancel(owner="tests", purpose=PURPOSE, subject="invoice-8") is True
    assert rig.deadlines.cancel(owner="tests", purpose=PURPOSE, subject="invoice-8") is False
    assert rig.runner(recorder).run_due(T0 + timedelta(days=1)) == []
    assert recorder.calls == [] and rig.row(deadline.id).status == "cancelled"


def test_rescheduled_deadline_fires_once_at_its_new_time_only(rig: Rig) -> None:
    recorder = Recorder()
    runner = rig.runner(recorder)
    first = rig.schedule("ticket-9", T0 + timedelta(hours=1))
    moved = rig.schedule("ticket-9", T0 + timedelta(hours=4))

    assert moved.id == first.id and moved.due_at == T0 + timedelta(hours=4)
    assert runner.run_due(T0 + timedelta(hours=2)) == []
    assert len(runner.run_due(T0 + timedelta(hours=4))) == 1
    assert recorder.calls[0][:2] == (first.id, T0 + timedelta(hours=4))


def test_scheduling_the_same_time_again_changes_nothing_even_after_firing(rig: Rig) -> None:
    recorder = Recorder()
    runner = rig.runner(recorder)
    rig.schedule("ticket-10", T0)
    runner.run_due(T0)
    # A process manager re-processing its event after a crash schedules the same thing again.
    again = rig.schedule("ticket-10", T0)
    assert again.status == "fired"
    assert runner.run_due(T0 + timedelta(days=1)) == []
    # Its inputs changed: the next occurrence is armed and fires.
    rig.schedule("ticket-10", T0 + timedelta(days=2))
    assert len(runner.run_due(T0 + timedelta(days=2))) == 1
    assert len(recorder.calls) == 2


def test_failing_handler_is_retried_later_and_given_up_on_after_ten_attempts(rig: Rig) -> None:
    def broken(deadline: Deadline, ctx: CommandContext) -> None:
        raise RuntimeError("the invoice service is down")

    runner = rig.runner(broken, retry_after=timedelta(seconds=10))
    deadline = rig.schedule("invoice-11", T0)
    [firing] = runner.run_due(T0)
    assert firing.outcome == "failed: RuntimeError: the invoice service is down"
    stored = rig.row(deadline.id)
    assert (stored.status, stored.attempts, stored.retry_at) == ("scheduled", 1, T0 + timedelta(seconds=10))
    assert runner.run_due(T0 + timedelta(seconds=9)) == []  # not before its retry time
    for _ in range(MAX_ATTEMPTS - 1):
        rig.clock.advance(hours=2)
        assert len(runner.run_due()) == 1
    stored = rig.row(deadline.id)
    assert (stored.status, stored.attempts) == ("failed", MAX_ATTEMPTS)
    assert stored.last_error == "RuntimeError: the invoice service is down"
    assert runner.run_due(T0 + timedelta(days=30)) == []


def test_deadline_of_a_purpose_this_runner_does_not_handle_is_left_scheduled(rig: Rig) -> None:
    other = rig.deadlines.schedule(owner="billing", purpose="invoice.overdue", subject="inv-1", due_at=T0)
    assert rig.runner(Recorder()).run_due(T0 + timedelta(days=1)) == []
    assert rig.row(other.id).status == "scheduled"


def test_due_time_without_a_timezone_is_refused(rig: Rig) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        rig.schedule("lead-2", T0.replace(tzinfo=None))
