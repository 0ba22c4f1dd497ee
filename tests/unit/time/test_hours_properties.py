"""Properties of the hours rules: whatever mix of commands runs, no day passes 24 hours and no locked day changes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from uuid import UUID

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain.application import BatonApplication
from domain.errors import DomainError
from domain.time.entry import TimeEntry
from tests.unit.delivery.agency import Agency
from tests.unit.time.desk import Desk

FIRST = date(2026, 2, 25)  # days 25 Feb .. 2 Mar: a month boundary inside, T0 (2 Mar) the last
DAYS = st.integers(0, 5).map(lambda n: FIRST + timedelta(days=n))
HOURS = st.integers(1, 2400).map(lambda cents: Decimal(cents) / 100)
WHO = st.sampled_from(["member", "colleague"])

LOG = st.tuples(st.just("log"), WHO, DAYS, HOURS)
CORRECT = st.tuples(st.just("correct"), st.integers(0, 30), st.one_of(st.none(), DAYS), st.one_of(st.none(), HOURS))
DELETE = st.tuples(st.just("delete"), st.integers(0, 30))
LOCK = st.tuples(st.just("lock"), DAYS, st.integers(0, 3), st.one_of(st.none(), WHO))
UNLOCK = st.tuples(st.just("unlock"), st.integers(0, 10))
COMMANDS = st.lists(st.one_of(LOG, LOG, CORRECT, CORRECT, DELETE, LOCK, UNLOCK), max_size=30)


@dataclass
class Model:
    """What the test expects: the locks in force (first day, last day, person or None)."""

    locks: dict[UUID, tuple[date, date, str | None]] = field(default_factory=dict)

    def locked(self, day: date, who: str) -> bool:
        return any(start <= day <= end and person in (None, who) for start, end, person in self.locks.values())


def _desk() -> Desk:
    desk = Desk(Agency(BatonApplication(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})))
    manager = desk.agency.as_("manager")
    desk.agency.projects.add_member(manager, desk.project, desk.agency.ids["colleague"])
    desk.tasks["member"] = desk.task
    desk.tasks["colleague"] = desk.agency.task(desk.project, assignee_id=desk.agency.ids["colleague"])
    return desk


def _check_days(desk: Desk, entries: list[UUID]) -> None:
    totals: dict[tuple[str, str], Decimal] = {}
    for entry in (desk.entry(e) for e in entries):
        if not entry.deleted:
            totals[(entry.person_id, entry.day)] = totals.get((entry.person_id, entry.day), Decimal(0)) + entry.hours
    assert all(total <= 24 for total in totals.values()), totals


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(COMMANDS)
def test_days_stay_at_most_24_hours_and_locked_days_never_change_whatever_commands_run(commands: list[tuple]) -> None:  # type: ignore[type-arg]
    desk, model = _desk(), Model()
    entries: list[UUID] = []
    owner: dict[UUID, str] = {}
    locks: list[UUID] = []
    for command in commands:
        kind = command[0]
        try:
            if kind == "log":
                _, who, day, hours = command
                entry_id = desk.log(str(hours), day, who=who, task=desk.tasks[who]).id
                assert not model.locked(day, who), f"logged on locked {day}"
                entries.append(entry_id)
                owner[entry_id] = who
            elif kind in ("correct", "delete") and entries:
                entry_id = entries[command[1] % len(entries)]
                who, before = owner[entry_id], desk.entry(entry_id)
                if kind == "correct":
                    desk.correct(entry_id, who=who, day=command[2], hours=command[3], note=f"v{before.version}")
                else:
                    desk.time.delete(desk.agency.as_(who), entry_id)
                after = desk.entry(entry_id)
                assert not model.locked(before.on, who) and not model.locked(after.on, who), "changed a locked day"
            elif kind == "lock":
                _, start, length, who = command
                lock_id = desk.lock(start, start + timedelta(days=length), person=who).id
                model.locks[lock_id] = (start, start + timedelta(days=length), None if who is None else who)
                locks.append(lock_id)
            elif kind == "unlock" and locks:
                lock_id = locks[command[1] % len(locks)]
                desk.locks.unlock(desk.agency.as_("admin"), lock_id, "reopened for a correction")
                model.locks.pop(lock_id)
        except DomainError:
            pass
        _check_days(desk, entries)
    for entry_id in entries:
        assert isinstance(desk.entry(entry_id), TimeEntry)
