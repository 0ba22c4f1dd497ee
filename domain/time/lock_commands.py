"""Commands on period locks and the automatic lock policy; a lock writes every month and timesheet it binds."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID, uuid4

from domain.aggregate import BatonAggregate
from domain.application import CommandResult
from domain.commands import CommandGroup
from domain.context import CommandContext
from domain.delivery.access import is_admin, require
from domain.errors import InvalidInput
from domain.time.ledger import Ledger, commit_retrying
from domain.time.locks import AUTOMATIC_NAME, PeriodLock, automatic_lock_id
from domain.time.policy import POLICY_ID, AutoLockPolicy
from domain.time.values import Month, check_range
from domain.users.aggregate import User


@dataclass(frozen=True)
class NewPeriodLock:
    """What locking a period takes: its first and last day, the person it binds (None: everyone), a reason."""

    start: date
    end: date
    person_id: UUID | None = None
    reason: str = ""

    @classmethod
    def month(cls, month: Month, person_id: UUID | None = None, reason: str = "") -> NewPeriodLock:
        return cls(month.first, month.last, person_id, reason)


class LockCommands(CommandGroup):
    """The write side of period locks."""

    def lock(self, ctx: CommandContext, period: NewPeriodLock, *, lock_id: UUID | None = None) -> CommandResult:
        """Lock a period for everyone or one person (admins)."""
        require(is_admin(ctx.actor), "Only an admin may lock a period.")
        check_range(period.start, period.end)
        person = "" if period.person_id is None else self._staff(period.person_id)
        new_id = lock_id or uuid4()
        name = self.name_of(ctx)

        def attempt() -> tuple[BatonAggregate, ...]:
            lock = PeriodLock.set(
                ctx, new_id, period.start, period.end, person_id=person, reason=period.reason, set_by_name=name
            )
            return (lock, *self._spread(ctx, lock))

        return commit_retrying(self, attempt)

    def auto_lock(self, ctx: CommandContext, month: Month, grace_days: int) -> CommandResult | None:
        """The timer's lock of ``month`` for everyone; None when that month was locked automatically before."""
        lock_id = automatic_lock_id(month)
        if self.find(PeriodLock, lock_id) is not None:
            return None
        reason = f"{grace_days} day(s) of grace after the month ended"

        def attempt() -> tuple[BatonAggregate, ...]:
            lock = PeriodLock.set(
                ctx, lock_id, month.first, month.last, reason=reason, set_by_name=AUTOMATIC_NAME, automatic=True
            )
            return (lock, *self._spread(ctx, lock))

        return commit_retrying(self, attempt)

    def unlock(
        self, ctx: CommandContext, lock_id: UUID, reason: str, *, expected_version: int | None = None
    ) -> CommandResult:
        """Lift a lock; the reason is required and kept in the audit."""
        name = self.name_of(ctx)

        def attempt() -> tuple[BatonAggregate, ...]:
            lock = self._app.load_expecting(PeriodLock, lock_id, expected_version)
            lock.unlock(ctx, reason, name)
            ledger = Ledger(self, ctx)
            ref = lock.ref()
            for month in lock.months():
                ledger.month(month).lift(ctx, ref["id"])
                for sheet in ledger.bound_sheets(month, ref):
                    sheet.lift(ctx, ref["id"])
            return (lock, *ledger.changed())

        return commit_retrying(self, attempt)

    def set_policy(self, ctx: CommandContext, grace_days: int | None) -> CommandResult:
        """Turn the automatic lock on (``grace_days`` after each month) or off (None)."""
        policy = self.find(AutoLockPolicy, POLICY_ID)
        if policy is None:
            return self.create(AutoLockPolicy.configure(ctx, grace_days))
        return self.change(AutoLockPolicy, POLICY_ID, lambda p: p.change(ctx, grace_days), retries=2)

    def policy(self) -> AutoLockPolicy | None:
        return self.find(AutoLockPolicy, POLICY_ID)

    def name_of(self, ctx: CommandContext) -> str:
        """The acting person's name, as a lock records who set or lifted it."""
        try:
            user = self.find(User, UUID(ctx.actor.id))
        except ValueError:
            user = None
        return user.name if user is not None else "Baton"

    def _staff(self, person_id: UUID) -> str:
        user = self.find(User, person_id)
        if user is None or not user.is_staff:
            raise InvalidInput(f"There is no admin or employee with id {person_id} to lock a period for.")
        return str(user.id)

    def _spread(self, ctx: CommandContext, lock: PeriodLock) -> tuple[BatonAggregate, ...]:
        """Copy the lock onto every month it covers and every open timesheet there that it binds."""
        ledger = Ledger(self, ctx)
        ref = lock.ref()
        for month in lock.months():
            ledger.month(month).cover(ctx, ref)
            for sheet in ledger.bound_sheets(month, ref):
                sheet.apply_lock(ctx, ref)
        return ledger.changed()
