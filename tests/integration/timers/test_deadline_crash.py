"""A crash between a deadline's command and its record fires it at most once more, and changes nothing twice."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from domain.context import CommandContext
from domain.outbox.commands import EmailCommands
from processes.timers import Deadline
from tests.integration.timers.reminders import application, queue_reminder
from tests.integration.timers.rig import Rig, deadline_rig


@pytest.fixture
def rig(database_url: str, schema: str) -> Iterator[Rig]:
    with deadline_rig(database_url, schema) as r:
        yield r


def _queued_reminders(rig: Rig) -> list[tuple[object, int]]:
    with rig.connect() as conn:
        return conn.execute(
            "SELECT originator_id, count(*) FROM baton_events WHERE topic = 'baton.email.Queued' GROUP BY 1"
        ).fetchall()


def test_runner_killed_after_the_command_committed_fires_once_more_and_changes_nothing_twice(
    rig: Rig, database_url: str, schema: str
) -> None:
    app = application(database_url, schema)  # creates the event store's tables
    try:
        deadline = rig.schedule("invoice-42", datetime.now(UTC) - timedelta(minutes=1))
        crashed = subprocess.run(
            [sys.executable, "-m", "tests.integration.timers.reminders", database_url, schema],
            capture_output=True,
            timeout=60,
        )
        assert crashed.returncode == -9, crashed.stderr.decode()[-2000:]
        assert _queued_reminders(rig) == [(deadline.derived_id("reminder"), 1)]
        after_crash = rig.row(deadline.id)
        assert (after_crash.status, after_crash.attempts) == ("scheduled", 1)

        # The next runner to come along fires it again: the command sees its own id and does nothing.
        rig.clock.at = datetime.now(UTC)
        [firing] = rig.runner(queue_reminder(EmailCommands(app))).run_due()
        assert firing.outcome == "fired"
        assert _queued_reminders(rig) == [(deadline.derived_id("reminder"), 1)]
        recorded = rig.row(deadline.id)
        assert (recorded.status, recorded.attempts) == ("fired", 2)
        assert rig.runner(queue_reminder(EmailCommands(app))).run_due(datetime.now(UTC) + timedelta(days=1)) == []
    finally:
        app.close()


def test_handler_failing_after_its_command_committed_is_retried_without_a_second_effect(
    rig: Rig, database_url: str, schema: str
) -> None:
    app = application(database_url, schema)
    try:
        emails = EmailCommands(app)
        committed = queue_reminder(emails)
        failures = iter([ConnectionError("lost the reply after the commit")])

        def flaky(deadline: Deadline, ctx: CommandContext) -> None:
            committed(deadline, ctx)
            for error in failures:
                raise error

        deadline = rig.schedule("invoice-43", rig.clock.now())
        runner = rig.runner(flaky, retry_after=timedelta(seconds=30))
        [first] = runner.run_due()
        assert first.outcome.startswith("failed: ConnectionError")
        [second] = runner.run_due(rig.clock.advance(seconds=30))
        assert second.outcome == "fired"
        assert _queued_reminders(rig) == [(deadline.derived_id("reminder"), 1)]
        assert (rig.row(deadline.id).status, rig.row(deadline.id).attempts) == ("fired", 2)
    finally:
        app.close()
