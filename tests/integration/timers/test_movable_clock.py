"""The movable clock: one offset for every process of a deployment; moving it wakes the deadline runners."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta

import pytest

from baton.clock import MovableClock, SystemClock, clock_for
from processes.timers import DeadlineRunner, TimerHandlers
from tests.builders import settings
from tests.integration.timers.rig import PURPOSE, Recorder, Rig, deadline_rig

SLEEPY = 60.0  # a poll interval no test waits for: only a notification can wake the runner in time


@pytest.fixture
def rig(database_url: str, schema: str) -> Iterator[Rig]:
    with deadline_rig(database_url, schema) as r:
        yield r


def movable(rig: Rig, database_url: str) -> MovableClock:
    clock = clock_for(settings(database_url, rig.schema, movable_clock=True), rig.connect)
    assert isinstance(clock, MovableClock)
    return clock


def _wait_until(condition: Callable[[], bool], timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def test_clock_moved_by_one_process_is_moved_for_every_other(rig: Rig, database_url: str) -> None:
    serve, worker = movable(rig, database_url), movable(rig, database_url)
    try:
        assert abs(worker.now() - datetime.now(UTC)) < timedelta(seconds=5)
        moved = serve.advance(timedelta(hours=2))
        assert abs(worker.now() - moved) < timedelta(seconds=5)
        assert worker.offset() == timedelta(hours=2)
        serve.advance(timedelta(minutes=30))
        assert worker.offset() == timedelta(hours=2, minutes=30)
    finally:
        serve.close()
        worker.close()


def test_clock_refuses_to_move_backwards(rig: Rig, database_url: str) -> None:
    clock = movable(rig, database_url)
    try:
        with pytest.raises(ValueError, match="only moves forward"):
            clock.advance(timedelta(seconds=-1))
        assert clock.offset() == timedelta(0)
    finally:
        clock.close()


def test_clock_is_the_system_clock_when_not_movable(rig: Rig, database_url: str) -> None:
    assert isinstance(clock_for(settings(database_url, rig.schema), rig.connect), SystemClock)


def test_running_runner_fires_at_once_when_the_clock_is_moved_past_a_deadline(rig: Rig, database_url: str) -> None:
    clock, elsewhere = movable(rig, database_url), movable(rig, database_url)
    recorder = Recorder()
    handlers = TimerHandlers()
    handlers.register(PURPOSE, recorder)
    runner = DeadlineRunner(rig.connect, rig.schema, handlers, clock, poll_interval=SLEEPY)
    deadline = rig.schedule("invoice-1", clock.now() + timedelta(days=3))
    stop = threading.Event()
    thread = threading.Thread(target=runner.run, args=(stop,))
    thread.start()
    try:
        elsewhere.advance(timedelta(days=2))
        elsewhere.advance(timedelta(days=1, minutes=1))
        _wait_until(lambda: recorder.counts() == {deadline.id: 1})
        assert recorder.calls[0][2].now >= deadline.due_at
    finally:
        stop.set()
        thread.join(timeout=10)
        clock.close()
        elsewhere.close()


def test_running_runner_wakes_when_a_deadline_is_scheduled_sooner(rig: Rig) -> None:
    recorder = Recorder()
    runner = rig.runner(recorder, poll_interval=SLEEPY)
    later = rig.schedule("ticket-1", rig.clock.now() + timedelta(hours=1))
    stop = threading.Event()
    thread = threading.Thread(target=runner.run, args=(stop,))
    thread.start()
    try:
        sooner = rig.schedule("ticket-2", rig.clock.now())
        _wait_until(lambda: recorder.counts() == {sooner.id: 1})
        rig.schedule("ticket-1", rig.clock.now())  # rescheduled to now
        _wait_until(lambda: recorder.counts() == {sooner.id: 1, later.id: 1})
    finally:
        stop.set()
        thread.join(timeout=10)
