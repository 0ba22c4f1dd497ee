"""The SLA policy as admins edit it: one per deployment, every change an event, so edits are audited.

Until an admin first edits it there is no record and the built-in terms apply
(``SlaTerms()``). Events carry plain JSON (numbers as strings), so that a later
change to the built-in defaults never rewrites what was in force.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from domain.aggregate import BatonAggregate
from domain.context import CommandContext
from domain.errors import RuleViolation
from domain.tickets.business_hours import BusinessCalendar
from domain.tickets.permissions import require_admin
from domain.tickets.sla import SlaTarget, SlaTerms, TargetUnit
from domain.tickets.weekly_hours import WeeklyHours
from domain.tickets.workflow import Priority

POLICY_ID: UUID = uuid5(NAMESPACE_URL, "baton:sla-policy")


def _target(data: dict[str, str]) -> SlaTarget:
    return SlaTarget(Decimal(data["amount"]), TargetUnit(data["unit"]))


def _target_data(target: SlaTarget) -> dict[str, str]:
    return {"amount": str(target.amount), "unit": target.unit.value}


def targets_data(terms: SlaTerms) -> dict[str, Any]:
    """The targets and thresholds of ``terms``, as events record them."""
    return {
        "first_response": {p.value: _target_data(t) for p, t in terms.first_response.items()},
        "resolution": {p.value: _target_data(t) for p, t in terms.resolution.items()},
        "at_risk_share": str(terms.at_risk_share),
        "business_day_hours": str(terms.business_day_hours),
        "escalation_reminder": _target_data(terms.escalation_reminder),
    }


def calendar_data(calendar: BusinessCalendar) -> dict[str, Any]:
    """The calendar, as events record it."""
    return {
        "timezone": calendar.timezone,
        "hours": calendar.hours.as_data(),
        "country": calendar.country,
        "subdivision": calendar.subdivision,
        "closed_days": sorted(day.isoformat() for day in calendar.closed_days),
    }


def terms_from(targets: dict[str, Any], calendar: dict[str, Any], version: int) -> SlaTerms:
    """The terms recorded in ``targets`` and ``calendar`` (the inverse of the two functions above)."""
    return SlaTerms(
        first_response={Priority(p): _target(t) for p, t in targets["first_response"].items()},
        resolution={Priority(p): _target(t) for p, t in targets["resolution"].items()},
        calendar=BusinessCalendar(
            timezone=calendar["timezone"],
            hours=WeeklyHours.from_data(calendar["hours"]),
            country=calendar["country"],
            subdivision=calendar["subdivision"],
            closed_days=frozenset(date.fromisoformat(day) for day in calendar["closed_days"]),
        ),
        at_risk_share=Decimal(targets["at_risk_share"]),
        business_day_hours=Decimal(targets["business_day_hours"]),
        escalation_reminder=_target(targets["escalation_reminder"]),
        version=version,
    )


class SlaPolicy(BatonAggregate):
    """The first-response and resolution targets per priority, and the business calendar they count on."""

    TOPIC = "baton.sla_policy.SlaPolicy"

    class Event(BatonAggregate.Event):
        """Base of the policy's events."""

    class Adopted(Event, BatonAggregate.Created):
        """An admin's first edit: the policy is recorded, starting from the terms then in force."""

        TOPIC = "baton.sla_policy.Adopted"
        targets: dict[str, Any]
        calendar: dict[str, Any]

    Created = Adopted

    class TargetsChanged(Event):
        """An admin changed targets per priority, the at-risk share, the business day or the escalation reminder."""

        TOPIC = "baton.sla_policy.TargetsChanged"
        targets: dict[str, Any]

        def apply(self, aggregate: SlaPolicy) -> None:
            aggregate.targets = dict(self.targets)

    class CalendarChanged(Event):
        """An admin changed the open hours, time zone, holiday country or region, or the extra closed days."""

        TOPIC = "baton.sla_policy.CalendarChanged"
        calendar: dict[str, Any]

        def apply(self, aggregate: SlaPolicy) -> None:
            aggregate.calendar = dict(self.calendar)

    def __init__(self, targets: dict[str, Any], calendar: dict[str, Any]) -> None:
        self.targets = dict(targets)
        self.calendar = dict(calendar)

    @property
    def terms(self) -> SlaTerms:
        """The terms in force, stamped with this policy's version."""
        return terms_from(self.targets, self.calendar, self.version)

    @classmethod
    def adopt(cls, ctx: CommandContext, start_from: SlaTerms) -> SlaPolicy:
        """Record the policy, starting from ``start_from`` (the built-in terms, on a first edit)."""
        require_admin(ctx, "edit the SLA policy")
        policy: SlaPolicy = cls._start(
            cls.Adopted, ctx, POLICY_ID, targets=targets_data(start_from), calendar=calendar_data(start_from.calendar)
        )
        return policy

    def revise(self, ctx: CommandContext, terms: SlaTerms) -> None:
        """Put ``terms`` in force: one event for the targets, one for the calendar, each only if it changed."""
        require_admin(ctx, "edit the SLA policy")
        targets, calendar = targets_data(terms), calendar_data(terms.calendar)
        if targets == self.targets and calendar == self.calendar:
            raise RuleViolation("The SLA policy already reads exactly so.")
        if targets != self.targets:
            self._record(self.TargetsChanged, ctx, targets=targets)
        if calendar != self.calendar:
            self._record(self.CalendarChanged, ctx, calendar=calendar)
