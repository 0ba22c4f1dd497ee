"""The Timesheet aggregate: one person's hours in one month, guarded by the locks that bind them.

Every entry command writes the timesheet of the entry's month (both months
when an edit moves it), and every lock binding the person writes it too. The
timesheet is therefore where the two rules that span entries hold: at most 24
hours per person per day, and nothing dated in a locked period changes.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import NAMESPACE_URL, UUID, uuid5

from domain.aggregate import BatonAggregate
from domain.context import CommandContext
from domain.delivery.access import user_key
from domain.time.errors import DayFull, PeriodLocked
from domain.time.locks import LockRef, covers, describe
from domain.time.values import MAX_HOURS, Month, day_of

_NAMESPACE = uuid5(NAMESPACE_URL, "baton:timesheet")


def timesheet_id(person_id: str, month: Month) -> UUID:
    """The one timesheet of a person in a month."""
    return uuid5(_NAMESPACE, f"{user_key(person_id)}:{month}")


class Timesheet(BatonAggregate):
    """A person's booked hours per entry in one month, and the locks binding them there."""

    TOPIC = "baton.time.Timesheet"

    class Event(BatonAggregate.Event):
        """Base of a timesheet's events."""

    class Opened(Event, BatonAggregate.Created):
        """The person's first entry of the month opened it, with the locks already binding them."""

        TOPIC = "baton.time.TimesheetOpened"
        person_id: str
        month: str
        locks: list[dict[str, str]]

    Created = Opened

    class HoursBooked(Event):
        """An entry's hours are booked on ``day`` (replacing what that entry had booked here)."""

        TOPIC = "baton.time.HoursBooked"
        entry_id: str
        day: str
        hours: Decimal

        def apply(self, aggregate: Timesheet) -> None:
            aggregate.entries[self.entry_id] = [self.day, str(self.hours)]

    class HoursReleased(Event):
        """An entry left this month (deleted, or moved to another month)."""

        TOPIC = "baton.time.HoursReleased"
        entry_id: str

        def apply(self, aggregate: Timesheet) -> None:
            aggregate.entries.pop(self.entry_id, None)

    class LockApplied(Event):
        """A lock now binds this timesheet."""

        TOPIC = "baton.time.TimesheetLockApplied"
        lock: dict[str, str]

        def apply(self, aggregate: Timesheet) -> None:
            aggregate.locks[self.lock["id"]] = dict(self.lock)

    class LockLifted(Event):
        """A lock binding this timesheet was lifted."""

        TOPIC = "baton.time.TimesheetLockLifted"
        lock_id: str

        def apply(self, aggregate: Timesheet) -> None:
            aggregate.locks.pop(self.lock_id, None)

    def __init__(self, person_id: str, month: str, locks: list[LockRef]) -> None:
        self.person_id = person_id
        self.month = month
        self.locks: dict[str, LockRef] = {lock["id"]: dict(lock) for lock in locks}
        # entry id -> [day (ISO), hours (text)]: plain JSON, so snapshots need nothing special.
        self.entries: dict[str, list[str]] = {}

    @classmethod
    def open(cls, ctx: CommandContext, person_id: str, month: Month, locks: list[LockRef]) -> Timesheet:
        opened: Timesheet = cls._start(
            cls.Opened, ctx, timesheet_id(person_id, month), person_id=person_id, month=str(month), locks=locks
        )
        return opened

    # -- questions ---------------------------------------------------------------

    def lock_on(self, day: date) -> LockRef | None:
        """The lock closing ``day`` for this person, if any (the earliest set, when several)."""
        binding = [lock for lock in self.locks.values() if covers(lock, day, self.person_id)]
        return min(binding, key=lambda lock: lock["set_at"]) if binding else None

    def day_total(self, day: date, *, without: str = "") -> Decimal:
        """The hours booked on ``day``, leaving out the entry ``without``."""
        iso = day.isoformat()
        return sum(
            (Decimal(hours) for entry, (booked, hours) in self.entries.items() if booked == iso and entry != without),
            Decimal(0),
        )

    def require_unlocked(self, day: date, doing: str) -> None:
        lock = self.lock_on(day)
        if lock is not None:
            raise PeriodLocked(
                f"Entries dated {day} cannot be {doing}: the period is locked ({describe(lock)}). "
                "Ask an admin to unlock it if a correction is needed."
            )

    # -- commands ----------------------------------------------------------------

    def book(self, ctx: CommandContext, entry_id: str, day: date, hours: Decimal, doing: str) -> None:
        """Book the entry's hours on ``day``: neither its old day nor the new one locked, the day at most 24 hours."""
        old = self.entries.get(entry_id)
        if old is not None:
            self.require_unlocked(day_of(old[0]), doing)
        self.require_unlocked(day, doing)
        total = self.day_total(day, without=entry_id) + hours
        if total > MAX_HOURS:
            raise DayFull(
                f"That makes {total} hours on {day}; a person logs at most {MAX_HOURS} hours in one day "
                f"({self.day_total(day, without=entry_id)} already logged)."
            )
        self._record(self.HoursBooked, ctx, entry_id=entry_id, day=day.isoformat(), hours=hours)

    def release(self, ctx: CommandContext, entry_id: str, doing: str) -> None:
        """Take the entry's hours off this month (its day must not be locked)."""
        old = self.entries.get(entry_id)
        if old is None:
            return
        self.require_unlocked(day_of(old[0]), doing)
        self._record(self.HoursReleased, ctx, entry_id=entry_id)

    def apply_lock(self, ctx: CommandContext, lock: LockRef) -> None:
        self._record(self.LockApplied, ctx, lock=lock)

    def lift(self, ctx: CommandContext, lock_id: str) -> None:
        if lock_id in self.locks:
            self._record(self.LockLifted, ctx, lock_id=lock_id)
