"""Invoices: drafted by hand or from an approved proposal, sent under a gapless number, voided or credited."""

from __future__ import annotations

from typing import Annotated, Any, Literal
from uuid import UUID

from fastapi import Query, Response, status

from api.billing.common import at_version, etag, found, may_see_history, named_in_body
from api.billing.invoice_schemas import (
    CreditNoteCreate,
    InvoiceAtVersionOut,
    InvoiceCreate,
    InvoiceDetailOut,
    InvoicePageOut,
    InvoiceRevise,
    OptionalReason,
    ReasonIn,
    ReminderIn,
)
from api.billing.money import line_out, lines_of, lines_out, taxes_out
from api.contract import resource_router
from api.deps import CommandCtx, ContainerDep, ExpectedVersion, ReadConn, commands
from api.policy import ReaderScope, performs
from api.projects.values import IsoDate
from api.reads import MinPosition, wait_for_view
from api.schemas import ETAG, LOCATION, NO_NUL, CommandOut, Cursor, json_response, out
from domain.application import BatonApplication
from domain.billing.inputs import NewInvoice
from domain.billing.invoice import Invoice
from domain.billing.invoice_commands import InvoiceCommands
from domain.billing.money import Money
from domain.billing.statuses import InvoiceStatus
from projections.billing.invoice_queries import InvoiceFilter, get_invoice, list_invoices

router = resource_router("/invoices", "invoices")
READ, MANAGE = [performs("invoices.read")], [performs("invoices.manage")]
VIEW = "invoices"
Invoices = Annotated[InvoiceCommands, commands(InvoiceCommands)]
CREATED: dict[int | str, dict[str, Any]] = {201: {"headers": LOCATION}}
Day = Annotated[IsoDate | None, Query(description="A calendar date, e.g. 2026-03-31 (inclusive)")]


@router.post("", status_code=status.HTTP_201_CREATED, response_model=CommandOut, dependencies=MANAGE, responses=CREATED)
def draft_invoice(body: InvoiceCreate, ctx: CommandCtx, invoices: Invoices, response: Response) -> CommandOut:
    """Draft an invoice by hand; only staff see it until it is sent."""
    new = NewInvoice(
        client_id=body.client_id,
        currency=body.currency,
        lines=lines_of(body.lines, body.currency),
        payment_terms_days=body.payment_terms_days,
        title=body.title,
        notes=body.notes,
        proposal_id=str(body.proposal_id) if body.proposal_id else "",
    )
    with named_in_body():
        result = invoices.draft(ctx, new)
    response.headers["Location"] = f"/invoices/{result.id}"
    return out(result)


@router.get("", response_model=InvoicePageOut, dependencies=READ)
def list_all_invoices(  # noqa: PLR0913
    container: ContainerDep,
    conn: ReadConn,
    scope: ReaderScope,
    status_: Annotated[list[InvoiceStatus] | None, Query(alias="status", description="One or more statuses")] = None,
    client_id: Annotated[str | None, Query(max_length=100, pattern=NO_NUL)] = None,
    overdue: Annotated[bool | None, Query(description="Only overdue (true) or only not overdue (false)")] = None,
    issued_from: Day = None,
    issued_to: Day = None,
    due_from: Day = None,
    due_to: Day = None,
    unapplied: Annotated[bool | None, Query(description="Only those holding money beyond what they owed")] = None,
    q: Annotated[str | None, Query(max_length=200, pattern=NO_NUL, description="Text in the number or title")] = None,
    sort: Literal["created", "updated"] = "created",
    order: Literal["asc", "desc"] = "desc",
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    cursor: Cursor = None,
    min_position: MinPosition = None,
) -> Response:
    """List invoices (a client user: their organisation's, never drafts), counts per status, totals per currency."""
    wait_for_view(conn, container, VIEW, min_position)
    f = InvoiceFilter(
        status=[s.value for s in status_] if status_ else None, client_id=client_id, overdue=overdue,
        issued_from=issued_from, issued_to=issued_to, due_from=due_from, due_to=due_to, unapplied=unapplied, text=q,
    )  # fmt: skip
    page = list_invoices(conn, scope, f, sort=sort, order=order, limit=limit, cursor=cursor)
    return json_response(InvoicePageOut.model_validate(page, from_attributes=True))


@router.get(
    "/{invoice_id}", response_model=InvoiceDetailOut | InvoiceAtVersionOut, dependencies=READ,
    responses={200: {"headers": ETAG}},
)  # fmt: skip
def read_invoice(
    invoice_id: UUID,
    container: ContainerDep,
    conn: ReadConn,
    scope: ReaderScope,
    version: Annotated[int | None, Query(ge=1, description="Rebuild the invoice as it was at this version")] = None,
    min_position: MinPosition = None,
) -> Response:
    """One invoice with its lines, taxes and payments; with `version`, as it stood then."""
    if version is not None:
        return _at_version(container.app, scope, invoice_id, version)
    wait_for_view(conn, container, VIEW, min_position)
    row = found(get_invoice(conn, scope, invoice_id), "invoice", invoice_id)
    detail = InvoiceDetailOut.model_validate(
        {**row, "lines": lines_out(row["lines"]), "taxes": taxes_out(row["taxes"])}
    )
    return json_response(detail, headers=etag(row["version"]))


def _at_version(app: BatonApplication, scope: ReaderScope, invoice_id: UUID, version: int) -> Response:
    i = at_version(
        app, scope, Invoice, invoice_id, version,
        what="invoice", visible=lambda i: may_see_history(scope, i.client_id, i.visible_to_client),
    )  # fmt: skip
    balance = i.balance
    at = InvoiceAtVersionOut(
        id=i.id, version=i.version, as_of=i.modified_on, client_id=i.client_id, currency=i.currency, title=i.title,
        status=i.status, number=i.number, lines=[line_out(li) for li in i.lines],
        subtotal=format(i.subtotal.amount, "f"), taxes={r: format(t.amount, "f") for r, t in i.taxes.items()},
        total=format(i.total.amount, "f"), paid=format(balance.paid.amount, "f"),
        credited=format(balance.credited.amount, "f"), owed=format(balance.owed.amount, "f"),
        sent_on=i.sent_on, due_date=i.due_date,
    )  # fmt: skip
    return json_response(at, headers=etag(i.version))


@router.patch("/{invoice_id}", response_model=CommandOut, dependencies=MANAGE)
def revise_invoice(
    invoice_id: UUID, body: InvoiceRevise, ctx: CommandCtx, invoices: Invoices, expected: ExpectedVersion
) -> CommandOut:
    """Change a draft's title, notes, payment terms or lines (sending freezes them)."""
    lines = lines_of(body.lines, invoices.load(Invoice, invoice_id).currency) if body.lines is not None else None
    result = invoices.revise(
        ctx, invoice_id, title=body.title, notes=body.notes, payment_terms_days=body.payment_terms_days,
        lines=lines, expected_version=expected,
    )  # fmt: skip
    return out(result)


@router.post("/{invoice_id}/discard", response_model=CommandOut, dependencies=MANAGE)
def discard_invoice(
    invoice_id: UUID, body: OptionalReason, ctx: CommandCtx, invoices: Invoices, expected: ExpectedVersion
) -> CommandOut:
    """Throw a draft away (it never had a number, so it leaves no gap)."""
    return out(invoices.discard(ctx, invoice_id, body.reason, expected_version=expected))


@router.post("/{invoice_id}/send", response_model=CommandOut, dependencies=MANAGE)
def send_invoice(invoice_id: UUID, ctx: CommandCtx, invoices: Invoices, expected: ExpectedVersion) -> CommandOut:
    """Send a draft: it takes this year's next number, its lines freeze, the client gets it by email."""
    return out(invoices.send(ctx, invoice_id, expected_version=expected))


@router.post("/{invoice_id}/void", response_model=CommandOut, dependencies=MANAGE)
def void_invoice(
    invoice_id: UUID, body: ReasonIn, ctx: CommandCtx, invoices: Invoices, expected: ExpectedVersion
) -> CommandOut:
    """Void a sent invoice nothing was paid or credited on; its number stays used."""
    return out(invoices.void(ctx, invoice_id, body.reason, expected_version=expected))


@router.post("/{invoice_id}/overdue", response_model=CommandOut, dependencies=MANAGE)
def mark_invoice_overdue(invoice_id: UUID, ctx: CommandCtx, invoices: Invoices) -> CommandOut:
    """Mark an invoice overdue now (the timer does this the day after its due date)."""
    return out(invoices.mark_overdue(ctx, invoice_id))


@router.post("/{invoice_id}/reminders", response_model=CommandOut, dependencies=MANAGE)
def record_invoice_reminder(invoice_id: UUID, body: ReminderIn, ctx: CommandCtx, invoices: Invoices) -> CommandOut:
    """Send the next payment reminder of an overdue invoice now (its email follows); a repeat changes nothing."""
    return out(invoices.record_reminder(ctx, invoice_id, body.reminder))


@router.post("/{invoice_id}/credit-notes", response_model=CommandOut, status_code=201, dependencies=MANAGE)
def issue_credit_note(
    invoice_id: UUID, body: CreditNoteCreate, ctx: CommandCtx, invoices: Invoices, expected: ExpectedVersion
) -> CommandOut:
    """Credit part of what a sent invoice owes, under this year's next credit-note number."""
    currency = invoices.load(Invoice, invoice_id).currency
    amount = Money.of(body.amount, currency)
    return out(invoices.issue_credit_note(ctx, invoice_id, amount, body.reason, expected_version=expected))
