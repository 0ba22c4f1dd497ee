"""Months lock themselves ``grace_days`` after they end, when an admin turned the automatic lock on.

One deadline per month (subject ``YYYY-MM``). Setting the policy schedules last
month's and this month's (a grace that already passed locks last month at
once); each firing locks its month for everyone (once: the lock's id derives
from the month) and schedules the next month's. Turning the policy off cancels
them; a firing that finds the policy off does nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from domain.context import CommandContext
from domain.time.lock_commands import LockCommands
from domain.time.policy import AutoLockPolicy, auto_lock_due
from domain.time.values import Month
from processes.kit import ProcessKit
from processes.manager import ProcessManager, reacts_to
from processes.timers import Deadline, Deadlines, Handler

OWNER = "time_auto_locks"
AUTO_LOCK = "time.auto_lock"


class AutomaticLocks(ProcessManager):
    """Keeps the next automatic month lock scheduled while the policy is on."""

    name: ClassVar[str] = "time_auto_locks"

    def __init__(self, deadlines: Deadlines, locks: LockCommands) -> None:
        super().__init__()
        self.deadlines = deadlines
        self.locks = locks

    @classmethod
    def build(cls, kit: ProcessKit) -> AutomaticLocks:
        return cls(kit.deadlines, kit.commands(LockCommands))

    def timers(self) -> Mapping[str, Handler]:
        return {AUTO_LOCK: self.lock_month}

    @reacts_to(AutoLockPolicy.Configured, AutoLockPolicy.Changed)
    def policy_set(self, event: AutoLockPolicy.Configured | AutoLockPolicy.Changed) -> None:
        # Derived from the event's own time, so re-processing it schedules the same deadlines again.
        month = Month.of(event.timestamp.date())
        for each in (month.previous(), month):
            if event.grace_days is None:
                self.deadlines.cancel(owner=OWNER, purpose=AUTO_LOCK, subject=str(each))
            else:
                self._schedule(each, event.grace_days)

    def lock_month(self, deadline: Deadline, ctx: CommandContext) -> None:
        """The deadline's handler: lock the month if the policy is still on and its grace has passed."""
        policy = self.locks.policy()
        if policy is None or policy.grace_days is None:
            return
        month = Month.parse(deadline.subject)
        if auto_lock_due(month, policy.grace_days) > ctx.now:
            return  # the grace grew since: the policy's change scheduled the new time
        self.locks.auto_lock(ctx, month, policy.grace_days)
        self._schedule(month.next(), policy.grace_days)

    def _schedule(self, month: Month, grace_days: int) -> None:
        due = auto_lock_due(month, grace_days)
        self.deadlines.schedule(owner=OWNER, purpose=AUTO_LOCK, subject=str(month), due_at=due)
