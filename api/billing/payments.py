"""Money on invoices: payments and refunds recorded by an admin (once per Idempotency-Key), paying online
through Stripe Checkout, and the payments ledger."""

from __future__ import annotations

from typing import Annotated, Any, Literal
from uuid import UUID

from fastapi import Header, Query, Response, status

from api.billing.checkout import StripeAccess, open_session
from api.billing.common import not_found
from api.billing.invoice_schemas import (
    CheckoutOut,
    FailedPaymentCreate,
    LedgerPageOut,
    PaymentCreate,
    ReceiptOut,
    RefundCreate,
)
from api.contract import resource_router
from api.deps import CommandCtx, ContainerDep, ReadConn, commands
from api.policy import ReaderScope, performs
from api.projects.values import IsoDate
from api.reads import MinPosition, wait_for_view
from api.schemas import NO_NUL, Cursor, json_response
from domain.billing.inputs import Payment, Refund
from domain.billing.invoice import Invoice
from domain.billing.invoice_commands import InvoiceCommands, PaymentReceipt
from domain.billing.money import Money
from domain.billing.statuses import InvoiceStatus
from projections.billing.payment_queries import LedgerFilter, list_ledger

router = resource_router("/invoices", "payments")
ledger_router = resource_router("/payments", "payments")
RECORD, PAY, READ = [performs("invoices.record_payment")], [performs("invoices.pay")], [performs("payments.read")]
Invoices = Annotated[InvoiceCommands, commands(InvoiceCommands)]
IdempotencyKey = Annotated[
    str,
    Header(
        alias="Idempotency-Key",
        min_length=1,
        max_length=150,
        pattern="^[\\x21-\\x7e]+$",
        description="Your own id for this payment (a UUID, the bank line's id): sending it again records nothing twice",
    ),
]
EntryKind = Literal["payment", "refund", "failed_payment", "credit_note"]
RECORDED: dict[int | str, dict[str, Any]] = {
    201: {"description": "Recorded"},
    200: {"description": "This Idempotency-Key was already recorded"},
}


def receipt_out(receipt: PaymentReceipt, response: Response) -> ReceiptOut:
    response.status_code = status.HTTP_200_OK if receipt.repeat else status.HTTP_201_CREATED
    return ReceiptOut(
        invoice_id=receipt.invoice_id, payment_id=receipt.payment_id, version=receipt.version,
        position=receipt.position, repeat=receipt.repeat, status=InvoiceStatus(receipt.status),
    )  # fmt: skip


def manual(key: str) -> str:
    # Kept apart from the keys payment services report (stripe:...), whatever an admin types.
    return f"manual:{key}"


@router.post(
    "/{invoice_id}/payments", status_code=201, response_model=ReceiptOut, dependencies=RECORD, responses=RECORDED
)
def record_payment(
    invoice_id: UUID, body: PaymentCreate, key: IdempotencyKey, ctx: CommandCtx, invoices: Invoices, response: Response
) -> ReceiptOut:
    """Record money received for a sent invoice; a partial payment leaves it `partially_paid`."""
    currency = invoices.load(Invoice, invoice_id).currency
    payment = Payment(
        Money.of(body.amount, currency), body.received_on, manual(key), body.method, "manual", body.reference
    )
    return receipt_out(invoices.record_payment(ctx, invoice_id, payment), response)


@router.post(
    "/{invoice_id}/refunds", status_code=201, response_model=ReceiptOut, dependencies=RECORD, responses=RECORDED
)
def record_refund(
    invoice_id: UUID, body: RefundCreate, key: IdempotencyKey, ctx: CommandCtx, invoices: Invoices, response: Response
) -> ReceiptOut:
    """Record money returned to the client from one of the invoice's payments."""
    currency = invoices.load(Invoice, invoice_id).currency
    refund = Refund(body.payment_key, Money.of(body.amount, currency), body.refunded_on, manual(key), "manual",
                    body.reference)  # fmt: skip
    return receipt_out(invoices.record_refund(ctx, invoice_id, refund), response)


@router.post(
    "/{invoice_id}/failed-payments", status_code=201, response_model=ReceiptOut, dependencies=RECORD, responses=RECORDED
)
def record_failed_payment(
    invoice_id: UUID, body: FailedPaymentCreate, key: IdempotencyKey, ctx: CommandCtx, invoices: Invoices,
    response: Response,
) -> ReceiptOut:  # fmt: skip
    """Record an attempt to pay that failed (a bounced direct debit); nothing is received."""
    receipt = invoices.record_failed_payment(ctx, invoice_id, manual(key), provider="manual", reason=body.reason)
    return receipt_out(receipt, response)


@router.post("/{invoice_id}/checkout", response_model=CheckoutOut, dependencies=PAY)
def pay_online(invoice_id: UUID, container: ContainerDep, scope: ReaderScope, invoices: Invoices) -> CheckoutOut:
    """Open a Stripe Checkout page for what the invoice still owes (a client user: their organisation's)."""
    invoice = invoices.find(Invoice, invoice_id)
    if invoice is None or (
        not scope.is_staff and (invoice.client_id != scope.client_id or not invoice.visible_to_client)
    ):
        raise not_found("invoice", invoice_id)
    settings = container.settings
    access = StripeAccess(settings.stripe_api_key, settings.stripe_api_base)
    session = open_session(access, invoice, settings.public_url)
    return CheckoutOut(
        invoice_id=invoice.id, session_id=session.id, url=session.url, amount=format(session.amount, "f"),
        currency=session.currency,
    )  # fmt: skip


@ledger_router.get("", response_model=LedgerPageOut, dependencies=READ)
def list_payments(  # noqa: PLR0913
    container: ContainerDep,
    conn: ReadConn,
    scope: ReaderScope,
    kind: Annotated[list[EntryKind] | None, Query(description="One or more kinds of entry")] = None,
    client_id: Annotated[str | None, Query(max_length=100, pattern=NO_NUL)] = None,
    invoice_id: UUID | None = None,
    provider: Annotated[str | None, Query(max_length=50, pattern=NO_NUL)] = None,
    day_from: Annotated[IsoDate | None, Query(description="From this day (inclusive)")] = None,
    day_to: Annotated[IsoDate | None, Query(description="Up to this day (inclusive)")] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    cursor: Cursor = None,
    min_position: MinPosition = None,
) -> Response:
    """The payments ledger, newest first: every payment, refund, failed attempt and credit note."""
    wait_for_view(conn, container, "invoices", min_position)
    f = LedgerFilter(kind=list(kind) if kind else None, client_id=client_id, invoice_id=invoice_id, provider=provider, day_from=day_from,
                     day_to=day_to)  # fmt: skip
    page = list_ledger(conn, scope, f, limit=limit, cursor=cursor)
    return json_response(LedgerPageOut.model_validate(page, from_attributes=True))
