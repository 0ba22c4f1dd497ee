"""Invoicing the support hours a client used beyond their plan in a month, read from the monthly client report."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import Response, status
from pydantic import Field

from api.billing.invoice_schemas import Terms
from api.billing.money import Amount, Currency, TaxRate
from api.contract import resource_router
from api.deps import CommandCtx, ContainerDep, ReadConn, commands
from api.policy import ReaderScope, performs
from api.problems import ProblemError
from api.schemas import LOCATION, CommandOut, StrictInput, out
from domain.billing.ids import over_plan_invoice_id
from domain.billing.inputs import NewInvoice
from domain.billing.invoice import Invoice
from domain.billing.invoice_commands import InvoiceCommands
from domain.billing.lines import Line
from domain.billing.money import Money
from domain.errors import ConcurrentChange
from domain.time.values import Month
from projections.time.report_queries import Asked, monthly_report

router = resource_router("/invoices", "invoices")
Invoices = Annotated[InvoiceCommands, commands(InvoiceCommands)]


class OverPlanInvoice(StrictInput):
    """Draft the invoice of a client's hours beyond their plan in one month, at an hourly rate."""

    month: Annotated[str, Field(pattern="^[0-9]{4}-(0[1-9]|1[0-2])$", examples=["2026-03"])]
    currency: Currency
    hourly_rate: Amount = Field(description="Price of one hour beyond the plan")
    tax_rate: TaxRate | None = None
    payment_terms_days: Terms = 14


@router.post(
    "/over-plan-hours/{client_id}", status_code=status.HTTP_201_CREATED, response_model=CommandOut,
    dependencies=[performs("invoices.manage")],
    responses={201: {"headers": LOCATION}, 200: {"description": "That month's invoice was already drafted: this is it"}},
)  # fmt: skip
def draft_over_plan_invoice(
    client_id: UUID, body: OverPlanInvoice, ctx: CommandCtx, container: ContainerDep, conn: ReadConn, scope: ReaderScope,
    invoices: Invoices, response: Response,
) -> CommandOut:  # fmt: skip
    """Draft an invoice for the support hours over the plan in a month (the monthly client report's figure)."""
    month = Month.parse(body.month)
    invoice_id = over_plan_invoice_id(str(client_id), str(month))
    response.headers["Location"] = f"/invoices/{invoice_id}"
    existing = invoices.find(Invoice, invoice_id)
    if existing is None:
        report = monthly_report(conn, Asked(scope), client_id, month, container.clock.now().date())
        hours = report.figures.over_plan_hours
        if not hours > 0:
            plan = report.figures.plan_hours
            detail = f"No hours beyond the plan in {month}" + (
                f" ({plan} h planned)." if plan is not None else " (no plan)."
            )
            raise ProblemError(409, "Nothing to invoice", detail)
        line = Line(f"Support hours beyond the plan, {month}", hours, Money.of(body.hourly_rate, body.currency),
                    body.tax_rate)  # fmt: skip
        new = NewInvoice(str(client_id), body.currency, (line,), body.payment_terms_days,
                         f"Support beyond the plan, {month}")  # fmt: skip
        try:
            return out(invoices.draft(ctx, new, invoice_id=invoice_id))
        except ConcurrentChange:  # drafted by another request at the same moment
            existing = invoices.load(Invoice, invoice_id)
    response.status_code = status.HTTP_200_OK
    return CommandOut(id=existing.id, version=existing.version, position=0)
