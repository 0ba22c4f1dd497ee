"""The AutoLockPolicy aggregate: whether months lock themselves, and after how many days of grace."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from uuid import NAMESPACE_URL, uuid5

from domain.aggregate import BatonAggregate
from domain.context import CommandContext
from domain.delivery.access import is_admin, require
from domain.errors import InvalidInput
from domain.time.values import Month

POLICY_ID = uuid5(NAMESPACE_URL, "baton:time-auto-lock-policy")
MAX_GRACE_DAYS = 28


def auto_lock_due(month: Month, grace_days: int) -> datetime:
    """When ``month`` locks itself: the start of the day ``grace_days`` after its last day (UTC)."""
    return datetime.combine(month.next().first + timedelta(days=grace_days), time(0), tzinfo=UTC)


class AutoLockPolicy(BatonAggregate):
    """The agency's setting: each month locks itself ``grace_days`` after it ends (None: months never lock alone)."""

    TOPIC = "baton.time.AutoLockPolicy"

    class Event(BatonAggregate.Event):
        """Base of the policy's events."""

    class Configured(Event, BatonAggregate.Created):
        """An admin first set the automatic lock (``grace_days`` None: off)."""

        TOPIC = "baton.time.AutoLockConfigured"
        grace_days: int | None

    Created = Configured

    class Changed(Event):
        """An admin changed the grace, or turned the automatic lock on or off (None)."""

        TOPIC = "baton.time.AutoLockChanged"
        grace_days: int | None

        def apply(self, aggregate: AutoLockPolicy) -> None:
            aggregate.grace_days = self.grace_days

    def __init__(self, grace_days: int | None) -> None:
        self.grace_days = grace_days

    @classmethod
    def configure(cls, ctx: CommandContext, grace_days: int | None) -> AutoLockPolicy:
        require(is_admin(ctx.actor), "Only an admin may set the automatic lock.")
        configured: AutoLockPolicy = cls._start(cls.Configured, ctx, POLICY_ID, grace_days=_grace(grace_days))
        return configured

    def change(self, ctx: CommandContext, grace_days: int | None) -> None:
        require(is_admin(ctx.actor), "Only an admin may set the automatic lock.")
        grace = _grace(grace_days)
        if grace != self.grace_days:
            self._record(self.Changed, ctx, grace_days=grace)


def _grace(days: int | None) -> int | None:
    if days is None:
        return None
    if isinstance(days, bool) or not isinstance(days, int) or not 0 <= days <= MAX_GRACE_DAYS:
        raise InvalidInput(f"The grace before a month locks itself is 0 to {MAX_GRACE_DAYS} days (or none: off).")
    return days
