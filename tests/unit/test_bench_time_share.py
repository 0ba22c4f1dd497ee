"""The bench's time share writes real time commands: entries, corrections, deletions, and a lock each month."""

from __future__ import annotations

import random
from collections import Counter
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from bench.generator.timekeeping import TimeHistory
from domain.application import BatonApplication
from domain.context import Actor, CommandContext
from domain.time.entry import TimeEntry


def test_the_time_share_logs_corrects_deletes_and_locks_each_month_within_24_hours_a_day() -> None:
    app = BatonApplication()  # the library's in-memory store
    share, now = TimeHistory(random.Random(3)), datetime(2023, 1, 2, 8, tzinfo=UTC)
    for _ in range(2_500):
        now += timedelta(minutes=25)
        changed = share.step(CommandContext(actor=Actor.system("bench"), now=now))
        assert sum(len(a.pending_events) for a in changed) <= share.most_events
        app.commit(*changed)
    notifications = app.recorder.select_notifications(1, 100_000)  # type: ignore[attr-defined]
    topics = Counter(n.topic for n in notifications)
    for topic in ("TimeLogged", "TimeEntryChanged", "TimeEntryDeleted", "HoursBooked", "PeriodLocked"):
        assert topics[f"baton.time.{topic}"] > 0, topics
    assert topics["baton.time.PeriodLocked"] == 1  # January, once February began
    days: Counter[tuple[str, str]] = Counter()
    for n in notifications:
        if n.topic == "baton.time.TimeLogged":
            entry = app.load(TimeEntry, n.originator_id)
            if not entry.deleted:
                days[(entry.person_id, entry.day)] += entry.hours  # type: ignore[assignment]
    assert days and max(days.values()) <= Decimal(24)
