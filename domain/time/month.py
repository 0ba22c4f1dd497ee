"""The TimeMonth aggregate: one calendar month of the agency's time, the meeting point of locks and timesheets.

A lock writes every month it covers; a person's first entry of a month opens
their timesheet, which writes the month too. So a lock and a first entry in
the same month always write one common record, and the event store's unique
(record, version) key lets only one of two concurrent commands through
(docs/decisions.md, "Period locks and entries cannot both win").
"""

from __future__ import annotations

from uuid import NAMESPACE_URL, UUID, uuid5

from domain.aggregate import BatonAggregate
from domain.context import CommandContext
from domain.delivery.access import user_key
from domain.time.locks import LockRef
from domain.time.values import Month

_NAMESPACE = uuid5(NAMESPACE_URL, "baton:time-month")


def time_month_id(month: Month) -> UUID:
    return uuid5(_NAMESPACE, str(month))


class TimeMonth(BatonAggregate):
    """A calendar month: the locks covering any of its days and the people with a timesheet in it."""

    TOPIC = "baton.time.TimeMonth"

    class Event(BatonAggregate.Event):
        """Base of a month's events."""

    class Started(Event, BatonAggregate.Created):
        """The month was first touched by a lock or an entry."""

        TOPIC = "baton.time.MonthStarted"
        month: str

    Created = Started

    class LockCovered(Event):
        """A lock now covers days of this month."""

        TOPIC = "baton.time.MonthLockCovered"
        lock: dict[str, str]

        def apply(self, aggregate: TimeMonth) -> None:
            aggregate.locks[self.lock["id"]] = dict(self.lock)

    class LockLifted(Event):
        """A lock covering this month was lifted."""

        TOPIC = "baton.time.MonthLockLifted"
        lock_id: str

        def apply(self, aggregate: TimeMonth) -> None:
            aggregate.locks.pop(self.lock_id, None)

    class SheetOpened(Event):
        """The person logged their first entry of the month: their timesheet opened."""

        TOPIC = "baton.time.MonthSheetOpened"
        person_id: str

        def apply(self, aggregate: TimeMonth) -> None:
            aggregate.people.append(self.person_id)

    def __init__(self, month: str) -> None:
        self.month = month
        self.locks: dict[str, LockRef] = {}
        self.people: list[str] = []

    @classmethod
    def start(cls, ctx: CommandContext, month: Month) -> TimeMonth:
        started: TimeMonth = cls._start(cls.Started, ctx, time_month_id(month), month=str(month))
        return started

    def cover(self, ctx: CommandContext, lock: LockRef) -> None:
        self._record(self.LockCovered, ctx, lock=lock)

    def lift(self, ctx: CommandContext, lock_id: str) -> None:
        if lock_id in self.locks:
            self._record(self.LockLifted, ctx, lock_id=lock_id)

    def open_sheet(self, ctx: CommandContext, person_id: str) -> list[LockRef]:
        """Record the person's timesheet as open; the locks it starts with (everyone's and the person's own)."""
        if user_key(person_id) not in {user_key(p) for p in self.people}:
            self._record(self.SheetOpened, ctx, person_id=person_id)
        return [dict(lock) for lock in self.locks.values() if lock["person_id"] in ("", person_id)]

    def sheets_bound_by(self, lock: LockRef) -> list[str]:
        """The people whose timesheet in this month the lock binds."""
        if not lock["person_id"]:
            return list(self.people)
        return [p for p in self.people if user_key(p) == user_key(lock["person_id"])]
