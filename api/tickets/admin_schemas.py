"""Bodies of the desk's admin settings (SLA policy, urgent categories) and of the SLA report.

Amounts, shares and minutes are exact decimals, written as JSON strings.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, Field, PlainSerializer, WithJsonSchema

from api.schemas import StrictInput
from domain.tickets import TargetUnit


def _decimal(pattern: str) -> Callable[[object], Decimal]:
    def read(value: object) -> Decimal:
        if isinstance(value, str) and re.fullmatch(pattern, value):
            return Decimal(value)
        raise ValueError(f"must be a decimal string matching {pattern}")

    return read


AMOUNT, SHARE, DAY_HOURS = r"^[0-9]{1,4}(\.[0-9]{1,2})?$", r"^0\.[0-9]{1,4}$", r"^[0-9]{1,2}(\.[0-9]{1,2})?$"
Amount = Annotated[Decimal, BeforeValidator(_decimal(AMOUNT)), WithJsonSchema({"type": "string", "pattern": AMOUNT})]
Share = Annotated[Decimal, BeforeValidator(_decimal(SHARE)), WithJsonSchema({"type": "string", "pattern": SHARE})]
DayHours = Annotated[
    Decimal, BeforeValidator(_decimal(DAY_HOURS)), WithJsonSchema({"type": "string", "pattern": DAY_HOURS})
]
DecimalOut = Annotated[
    Decimal,
    PlainSerializer(lambda d: format(d, "f"), return_type=str),
    WithJsonSchema({"type": "string", "pattern": r"^[0-9]+(\.[0-9]+)?$"}),
]
Clock = Annotated[str, Field(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$", examples=["09:00"])]
Shifts = Annotated[list[tuple[Clock, Clock]], Field(max_length=4)]


class SlaTargetIn(StrictInput):
    """A target: an amount of business hours, or of business days."""

    amount: Amount = Field(description="More than zero: a decimal string such as '4' or '1.5'")
    unit: TargetUnit = TargetUnit.HOURS


class SlaFirstResponseIn(StrictInput):
    """The first-response target of every priority."""

    urgent: SlaTargetIn
    high: SlaTargetIn
    normal: SlaTargetIn
    low: SlaTargetIn


class SlaResolutionIn(StrictInput):
    """Resolution targets; a priority left out has none."""

    urgent: SlaTargetIn | None = None
    high: SlaTargetIn | None = None
    normal: SlaTargetIn | None = None
    low: SlaTargetIn | None = None


class SlaWeekIn(StrictInput):
    """Open shifts per weekday in local time, e.g. `[["09:00", "17:00"]]`; a shift ending before it starts runs past midnight."""

    mon: Shifts = []
    tue: Shifts = []
    wed: Shifts = []
    thu: Shifts = []
    fri: Shifts = []
    sat: Shifts = []
    sun: Shifts = []


class SlaCalendarIn(StrictInput):
    """When the desk is open: weekly hours in a time zone, less public holidays and extra closed days."""

    timezone: Annotated[str, Field(min_length=1, max_length=64, examples=["Europe/Lisbon"])]
    hours: SlaWeekIn
    country: Annotated[
        str, Field(pattern="^([A-Z]{2})?$", description="ISO 3166 code for public holidays; empty: none")
    ] = ""
    subdivision: Annotated[str, Field(pattern="^[A-Za-z0-9-]{0,10}$", description="A region with its own holidays")] = (
        ""
    )
    closed_days: Annotated[list[date], Field(max_length=366)] = []


class SlaPolicyIn(StrictInput):
    """The whole SLA policy: targets per priority and the calendar they count on."""

    first_response: SlaFirstResponseIn
    resolution: SlaResolutionIn = SlaResolutionIn()
    at_risk_share: Share = Field(
        default=Decimal("0.75"), description="Share of a target after which a ticket is at risk"
    )
    business_day_hours: DayHours = Field(default=Decimal(8), description="Business hours in one business day")
    escalation_reminder: SlaTargetIn = Field(
        default=SlaTargetIn.model_construct(amount=Decimal(2), unit=TargetUnit.HOURS),
        description="Remind an admin after",
    )
    calendar: SlaCalendarIn


class SlaTargetOut(BaseModel):
    amount: DecimalOut
    unit: TargetUnit


class SlaPolicyOut(BaseModel):
    """The SLA policy in force; `version` 0 is the built-in policy no admin has edited yet."""

    version: int
    first_response: dict[str, SlaTargetOut]
    resolution: dict[str, SlaTargetOut]
    at_risk_share: DecimalOut
    business_day_hours: DecimalOut
    escalation_reminder: SlaTargetOut
    calendar: dict[str, Any]


class UrgentCategoryIn(StrictInput):
    """An urgent category's label and the phrases that reveal it in a subject or first message."""

    label: Annotated[str, Field(min_length=1, max_length=100)]
    phrases: Annotated[list[Annotated[str, Field(min_length=1, max_length=100)]], Field(min_length=1, max_length=30)]


class UrgentCategoryOut(BaseModel):
    key: str
    label: str
    phrases: list[str]


class UrgentCatalogueOut(BaseModel):
    """The urgent categories in force; `version` 0 is the built-in list no admin has edited yet."""

    version: int
    items: list[UrgentCategoryOut]


class SlaFiguresOut(BaseModel):
    """First responses of one group: counts, the share met, and business minutes taken."""

    tickets: int
    met: int
    breached: int
    waiting: int
    share_met: DecimalOut | None
    median_first_response_minutes: DecimalOut | None
    p90_first_response_minutes: DecimalOut | None
    open_breaches: int
    recorded_breaches: int = Field(description="Breaches the timers recorded at the time, under the policy then")


class SlaMonthFiguresOut(SlaFiguresOut):
    month: str
    priority: str


class SlaClientFiguresOut(SlaFiguresOut):
    client_id: str


class SlaReportOut(BaseModel):
    """First responses measured under the policy in force now, as of `as_of`."""

    as_of: datetime
    policy_version: int
    by_month: list[SlaMonthFiguresOut]
    by_client: list[SlaClientFiguresOut]
    total: SlaFiguresOut
