"""Two runners on separate connections, firing together, fire each deadline exactly once."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from datetime import timedelta

import pytest

from domain.context import CommandContext
from domain.outbox.commands import EmailCommands
from processes.timers import Deadline
from tests.integration.timers.reminders import application, queue_reminder
from tests.integration.timers.rig import Recorder, Rig, deadline_rig

DEADLINES = 40


@pytest.fixture
def rig(database_url: str, schema: str) -> Iterator[Rig]:
    with deadline_rig(database_url, schema) as r:
        yield r


def _wait_until(condition: object, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def test_two_runners_fire_each_deadline_exactly_once(rig: Rig, database_url: str, schema: str) -> None:
    app = application(database_url, schema)
    recorder = Recorder()
    remind = queue_reminder(EmailCommands(app))
    both_firing = threading.Barrier(2, timeout=20)
    met: set[str] = set()
    fired_by: dict[str, int] = {}

    def handler(deadline: Deadline, ctx: CommandContext) -> None:
        me = threading.current_thread().name
        fired_by[me] = fired_by.get(me, 0) + 1
        if me not in met:  # each runner's first firing waits for the other's: they really overlap
            met.add(me)
            both_firing.wait()
        remind(deadline, ctx)
        recorder(deadline, ctx)

    due = rig.clock.now() - timedelta(minutes=1)
    scheduled = [rig.schedule(f"ticket-{n}", due + timedelta(seconds=n % 3)).id for n in range(DEADLINES)]
    rig.clock.advance(minutes=5)
    stop = threading.Event()
    runners = [
        threading.Thread(target=rig.runner(handler, poll_interval=0.5).run, args=(stop,), name=f"runner-{n}")
        for n in (1, 2)
    ]
    for thread in runners:
        thread.start()
    try:
        _wait_until(lambda: sum(recorder.counts().values()) >= DEADLINES)
        # Both are still running and look again: nothing fires a second time.
        rig.deadlines.schedule(owner="tests", purpose="test.remind", subject="last", due_at=rig.clock.now())
        _wait_until(lambda: len(recorder.counts()) == DEADLINES + 1)
    finally:
        stop.set()
        for thread in runners:
            thread.join(timeout=10)
        app.close()
    counts = recorder.counts()
    assert set(scheduled) < set(counts) and set(counts.values()) == {1}
    assert set(fired_by) == {"runner-1", "runner-2"}
    with rig.connect() as conn:
        row = conn.execute("SELECT count(*), count(DISTINCT originator_id) FROM baton_events").fetchone()
        statuses = conn.execute("SELECT status, count(*) FROM deadlines GROUP BY 1").fetchall()
    assert row == (DEADLINES + 1, DEADLINES + 1)
    assert statuses == [("fired", DEADLINES + 1)]
