"""Billing reports (admins): revenue by client and month, and accounts-receivable ageing, as of any date."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import Query, Response
from pydantic import BaseModel, Field

from api.billing.money import DecimalText
from api.contract import resource_router
from api.deps import ContainerDep, ReadConn
from api.policy import ReaderScope, performs
from api.problems import ProblemError
from api.projects.values import IsoDate
from api.reads import MinPosition, wait_for_view
from api.schemas import NO_NUL, json_response
from domain.billing.calendar import add_months
from projections.billing.revenue_queries import MAX_MONTHS, RangeTooLong, ageing, revenue

router = resource_router("/reports", "billing_reports")
REPORTS = [performs("billing_reports.read")]
VIEW = "billing_revenue"
AsOf = Annotated[IsoDate | None, Query(description="The day the report is as of (default: today, UTC)")]
ClientId = Annotated[str | None, Query(max_length=100, pattern=NO_NUL)]


class RevenueRow(BaseModel):
    """One client's month in one currency; amounts are exact decimal strings."""

    month: str = Field(examples=["2026-03"])
    client_id: str
    currency: str
    invoiced: DecimalText = Field(description="Billed by invoices sent in the month")
    paid: DecimalText = Field(description="Received in the month and applied to invoices, less refunds")
    credited: DecimalText = Field(description="Credit notes issued in the month")
    voided: DecimalText = Field(description="Still owed on invoices voided in the month")
    outstanding: DecimalText = Field(description="Owed at the end of the month (or on as_of)")
    overdue: DecimalText = Field(description="Of that, owed past its due date")


class RevenueOut(BaseModel):
    as_of: date
    since: date
    rows: list[RevenueRow]


class AgeingRow(BaseModel):
    """What one client owed on as_of in one currency, by how long past due."""

    client_id: str
    currency: str
    current: DecimalText = Field(description="Not yet due")
    days_1_30: DecimalText
    days_31_60: DecimalText
    days_61_90: DecimalText
    days_over_90: DecimalText
    total: DecimalText
    invoices: int


class AgeingOut(BaseModel):
    as_of: date
    rows: list[AgeingRow]
    totals: dict[str, dict[str, DecimalText]] = Field(description="Per currency: each bucket and the total")


def _year_before(day: date) -> date:
    try:
        return add_months(day.replace(day=1), -11)
    except ValueError:  # before the calendar's first year
        return date.min


@router.get("/revenue", response_model=RevenueOut, dependencies=REPORTS)
def revenue_report(
    container: ContainerDep,
    conn: ReadConn,
    scope: ReaderScope,
    as_of: AsOf = None,
    since: Annotated[
        IsoDate | None, Query(description=f"First month (default: 11 months before as_of; at most {MAX_MONTHS})")
    ] = None,
    client_id: ClientId = None,
    min_position: MinPosition = None,
) -> Response:
    """Invoiced, paid, credited, outstanding and overdue by client and month, as the books stood on as_of."""
    wait_for_view(conn, container, VIEW, min_position)
    day = as_of or container.clock.now().date()
    first = since or _year_before(day)
    try:
        rows = revenue(conn, scope, as_of=day, since=first, client_id=client_id)
    except RangeTooLong as exc:
        raise ProblemError(422, "Report too long", str(exc)) from None
    return json_response(RevenueOut(as_of=day, since=first, rows=[RevenueRow.model_validate(r) for r in rows]))


@router.get("/ageing", response_model=AgeingOut, dependencies=REPORTS)
def ageing_report(
    container: ContainerDep,
    conn: ReadConn,
    scope: ReaderScope,
    as_of: AsOf = None,
    client_id: ClientId = None,
    min_position: MinPosition = None,
) -> Response:
    """Accounts receivable by age on as_of: current, 1-30, 31-60, 61-90 and over 90 days past due."""
    wait_for_view(conn, container, VIEW, min_position)
    day = as_of or container.clock.now().date()
    report = ageing(conn, scope, as_of=day, client_id=client_id)
    return json_response(
        AgeingOut(as_of=day, rows=[AgeingRow.model_validate(r) for r in report.rows], totals=report.totals)
    )
