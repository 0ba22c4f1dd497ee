"""The controls of time: period locks, overrides, tags, the automatic lock's setting, and monthly report records."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from domain.time.locks import PeriodLock
from domain.time.overrides import TimeOverride
from domain.time.policy import AutoLockPolicy
from domain.time.report import MonthlyReport
from domain.time.tags import TagCatalogue
from projections.engine import Fold, Projection, handles
from projections.time.tables import LOCK_POLICY, LOCKS, OVERRIDES, REPORTS, TAGS


class TimeControls(Projection):
    """Locks with who set and lifted them, overrides per project and person, tags, the policy and report records."""

    name = "time_controls"
    version = 1
    tables = (LOCKS, OVERRIDES, TAGS, LOCK_POLICY, REPORTS)

    @handles(PeriodLock.Locked)
    def locked(self, fold: Fold, e: PeriodLock.Locked) -> None:
        fold.insert(
            LOCKS,
            e,
            first_day=date.fromisoformat(e.start),
            last_day=date.fromisoformat(e.end),
            person_id=UUID(e.person_id) if e.person_id else None,
            reason=e.reason,
            set_by=e.actor_id,
            set_by_name=e.set_by_name,
            automatic=e.automatic,
            active=True,
            created_at=e.timestamp,
        )

    @handles(PeriodLock.Unlocked)
    def unlocked(self, fold: Fold, e: PeriodLock.Unlocked) -> None:
        if (row := fold.update(LOCKS, e)) is not None:
            row.update(
                active=False, unlocked_by=e.actor_id, unlocked_by_name=e.unlocked_by_name, unlock_reason=e.reason
            )

    @handles(TimeOverride.Granted)
    def granted(self, fold: Fold, e: TimeOverride.Granted) -> None:
        fold.insert(
            OVERRIDES,
            e,
            project_id=UUID(e.project_id),
            person_id=UUID(e.person_id),
            reason=e.reason,
            active=True,
            changed_by=e.actor_id,
            created_at=e.timestamp,
        )

    @handles(TimeOverride.Revoked, TimeOverride.Regranted)
    def override_changed(self, fold: Fold, e: TimeOverride.Event) -> None:
        if (row := fold.update(OVERRIDES, e)) is not None:
            row.update(
                active=isinstance(e, TimeOverride.Regranted), reason=getattr(e, "reason", ""), changed_by=e.actor_id
            )

    @handles(TagCatalogue.TagAdded)
    def tag_added(self, fold: Fold, e: TagCatalogue.TagAdded) -> None:
        fold.append(TAGS, name=e.name, description=e.description, added_by=e.actor_id, added_at=e.timestamp)

    @handles(AutoLockPolicy.Configured)
    def policy_configured(self, fold: Fold, e: AutoLockPolicy.Configured) -> None:
        fold.insert(LOCK_POLICY, e, grace_days=e.grace_days, updated_by=e.actor_id)

    @handles(AutoLockPolicy.Changed)
    def policy_changed(self, fold: Fold, e: AutoLockPolicy.Changed) -> None:
        if (row := fold.update(LOCK_POLICY, e)) is not None:
            row.update(grace_days=e.grace_days, updated_by=e.actor_id)

    @handles(MonthlyReport.Opened)
    def report_opened(self, fold: Fold, e: MonthlyReport.Opened) -> None:
        fold.insert(REPORTS, e, client_id=UUID(e.client_id), month=e.month, due_on=date.fromisoformat(e.due_on))

    @handles(MonthlyReport.ReminderSent)
    def report_reminded(self, fold: Fold, e: MonthlyReport.ReminderSent) -> None:
        if (row := fold.update(REPORTS, e)) is not None:
            row["reminded"] = True

    @handles(MonthlyReport.MarkedLate)
    def report_late(self, fold: Fold, e: MonthlyReport.MarkedLate) -> None:
        if (row := fold.update(REPORTS, e)) is not None:
            row["late"] = True

    @handles(MonthlyReport.Sent)
    def report_sent(self, fold: Fold, e: MonthlyReport.Sent) -> None:
        if (row := fold.update(REPORTS, e)) is not None:
            row.update(
                sent=True,
                sent_late=e.late,
                sent_by=e.actor_id,
                sent_at=e.timestamp,
                sent_hours_used=e.hours_used,
                sent_plan_hours=e.plan_hours,
                sent_over_plan_hours=e.over_plan_hours,
                sent_note=e.note,
            )
