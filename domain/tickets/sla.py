"""SLA terms: first-response (and optional resolution) targets per priority, on a business calendar.

Targets count business time only. "1 business day" is ``business_day_hours``
of business time (8 by default, the length of a 09:00-17:00 day), so that a
pause of X business minutes always moves a due time by exactly X. The terms
are a value; the admin-edited, audited record of them is ``SlaPolicy``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from enum import StrEnum

from domain.errors import InvalidInput
from domain.tickets.business_hours import BusinessCalendar
from domain.tickets.workflow import Priority


class TargetUnit(StrEnum):
    """A target counts business hours, or business days of ``business_day_hours`` each."""

    HOURS = "hours"
    BUSINESS_DAYS = "business_days"


@dataclass(frozen=True)
class SlaTarget:
    """How much business time may pass, e.g. 4 hours or 1 business day."""

    amount: Decimal
    unit: TargetUnit = TargetUnit.HOURS

    def __post_init__(self) -> None:
        if not isinstance(self.amount, Decimal) or not self.amount.is_finite() or self.amount <= 0:
            raise InvalidInput("An SLA target is a positive number of hours or business days.")
        try:
            object.__setattr__(self, "unit", TargetUnit(self.unit))  # accept the unit's name as well
        except ValueError:
            raise InvalidInput(f"'{self.unit}' is not a unit of SLA targets: 'hours' or 'business_days'.") from None

    def duration(self, business_day_hours: Decimal) -> timedelta:
        """The target as an amount of business time (to the second)."""
        hours = self.amount * (business_day_hours if self.unit is TargetUnit.BUSINESS_DAYS else 1)
        return timedelta(seconds=int((hours * 3600).to_integral_value()))

    def __str__(self) -> str:
        return f"{self.amount.normalize():f} {self.unit.value.replace('_', ' ')}"


def _hours(amount: int | str) -> SlaTarget:
    return SlaTarget(Decimal(amount))


def _days(amount: int | str) -> SlaTarget:
    return SlaTarget(Decimal(amount), TargetUnit.BUSINESS_DAYS)


DEFAULT_FIRST_RESPONSE: Mapping[Priority, SlaTarget] = {
    Priority.URGENT: _hours(1),
    Priority.HIGH: _hours(4),
    Priority.NORMAL: _days(1),
    Priority.LOW: _days(2),
}


FIRST_RESPONSE = "first_response"
RESOLUTION = "resolution"


@dataclass(frozen=True)
class SlaTerms:
    """The SLA policy in force: targets per priority, when a ticket counts as at risk, and the calendar."""

    first_response: Mapping[Priority, SlaTarget] = field(default_factory=lambda: dict(DEFAULT_FIRST_RESPONSE))
    resolution: Mapping[Priority, SlaTarget] = field(default_factory=dict)  # a priority not listed has none
    calendar: BusinessCalendar = field(default_factory=BusinessCalendar)
    at_risk_share: Decimal = Decimal("0.75")
    business_day_hours: Decimal = Decimal(8)
    escalation_reminder: SlaTarget = field(default_factory=lambda: _hours(2))
    version: int = 0  # the policy version these terms come from; 0 is the built-in defaults

    def __post_init__(self) -> None:
        if set(self.first_response) != set(Priority):
            raise InvalidInput("Every priority needs a first-response target.")
        if not Decimal(0) < self.at_risk_share < Decimal(1):
            raise InvalidInput("The at-risk share is a fraction of the target between 0 and 1, such as 0.75.")
        if not Decimal(0) < self.business_day_hours <= Decimal(24):
            raise InvalidInput("A business day is between 0 and 24 hours long.")

    def target(self, kind: str, priority: Priority) -> timedelta | None:
        """The business time allowed for ``kind`` ("first_response" or "resolution") at ``priority``."""
        targets = self.first_response if kind == FIRST_RESPONSE else self.resolution
        chosen = targets.get(priority)
        return None if chosen is None else chosen.duration(self.business_day_hours)
