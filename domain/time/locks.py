"""The PeriodLock aggregate: an admin (or the automatic lock) closes a range of days, for everyone or one person.

A lock is also carried, as a ``LockRef`` dict, by every month and timesheet it
covers (see ``month.py`` and ``timesheet.py``): that is where entries meet it.
"""

from __future__ import annotations

from datetime import date
from uuid import NAMESPACE_URL, UUID, uuid5

from domain.aggregate import BatonAggregate
from domain.context import CommandContext
from domain.delivery.access import is_admin, require
from domain.errors import InvalidInput, InvalidTransition
from domain.time.values import Month, check_range, day_of, months_between, note_of

_NAMESPACE = uuid5(NAMESPACE_URL, "baton:period-lock")
AUTOMATIC_NAME = "Baton (automatic lock)"

# What months and timesheets keep of a lock: id, first and last day (ISO), person ("" for everyone),
# who set it (id and name), when (ISO) and its reason.
LockRef = dict[str, str]


def automatic_lock_id(month: Month) -> UUID:
    """The one automatic lock of a month: firing its timer twice locks it once."""
    return uuid5(_NAMESPACE, f"auto:{month}")


def covers(lock: LockRef, day: date, person_id: str) -> bool:
    """The lock closes ``day`` for ``person_id``."""
    return lock["start"] <= day.isoformat() <= lock["end"] and lock["person_id"] in ("", person_id)


def describe(lock: LockRef) -> str:
    """How a refusal names a lock: its period, whom it binds, who set it and when."""
    start, end = day_of(lock["start"]), day_of(lock["end"])
    month = Month.of(start)
    period = f"{month} ({start} to {end})" if (start, end) == (month.first, month.last) else f"{start} to {end}"
    whom = "everyone" if not lock["person_id"] else "you"
    why = f" ({lock['reason']})" if lock.get("reason") else ""
    return f"lock {lock['id']} on {period} for {whom}, set by {lock['set_by_name']} on {lock['set_at'][:10]}{why}"


class PeriodLock(BatonAggregate):
    """A range of days closed to changes of time, for everyone or for one person, until unlocked with a reason."""

    TOPIC = "baton.time.PeriodLock"

    class Event(BatonAggregate.Event):
        """Base of a period lock's events."""

    class Locked(Event, BatonAggregate.Created):
        """The period ``start``..``end`` was locked (``person_id`` "" for everyone; ``automatic`` by the timer)."""

        TOPIC = "baton.time.PeriodLocked"
        start: str
        end: str
        person_id: str
        reason: str
        set_by_name: str
        automatic: bool

    Created = Locked

    class Unlocked(Event):
        """An admin lifted the lock, saying why."""

        TOPIC = "baton.time.PeriodUnlocked"
        reason: str
        unlocked_by_name: str

        def apply(self, aggregate: PeriodLock) -> None:
            aggregate.active = False

    def __init__(  # noqa: PLR0913
        self, start: str, end: str, person_id: str, reason: str, set_by_name: str, automatic: bool, actor_id: str
    ) -> None:
        self.set_by = actor_id
        self.start = start
        self.end = end
        self.person_id = person_id
        self.reason = reason
        self.set_by_name = set_by_name
        self.automatic = automatic
        self.active = True

    @classmethod
    def set(  # noqa: PLR0913
        cls,
        ctx: CommandContext,
        lock_id: UUID,
        start: date,
        end: date,
        *,
        person_id: str = "",
        reason: str = "",
        set_by_name: str,
        automatic: bool = False,
    ) -> PeriodLock:
        """Lock ``start``..``end`` (admins, and Baton's own timer)."""
        require(is_admin(ctx.actor), "Only an admin may lock a period.")
        check_range(start, end)
        created: PeriodLock = cls._start(
            cls.Locked,
            ctx,
            lock_id,
            start=start.isoformat(),
            end=end.isoformat(),
            person_id=person_id,
            reason=note_of(reason),
            set_by_name=set_by_name,
            automatic=automatic,
        )
        return created

    def unlock(self, ctx: CommandContext, reason: str, by_name: str) -> None:
        """Lift the lock; the reason is required and kept in the audit."""
        require(is_admin(ctx.actor), "Only an admin may unlock a period.")
        if not self.active:
            raise InvalidTransition("This lock was already lifted.")
        if not reason.strip():
            raise InvalidInput("Unlocking a period needs a reason.")
        self._record(self.Unlocked, ctx, reason=note_of(reason), unlocked_by_name=by_name)

    def ref(self) -> LockRef:
        """What months and timesheets keep of this lock."""
        return {
            "id": str(self.id),
            "start": self.start,
            "end": self.end,
            "person_id": self.person_id,
            "set_by": self.set_by,
            "set_by_name": self.set_by_name,
            "set_at": self.created_on.isoformat(),
            "reason": self.reason,
        }

    def months(self) -> list[Month]:
        """The months the lock covers (each keeps a copy of it)."""
        return months_between(day_of(self.start), day_of(self.end))
