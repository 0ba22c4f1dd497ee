"""Request and response bodies for invoices and the money recorded on them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated
from uuid import UUID

from pydantic import BaseModel, Field

from api.billing.money import Amount, Currency, DecimalText, LineOut, Lines
from api.projects.values import IsoDate
from api.schemas import NOT_BLANK, StrictInput
from domain.billing.content import MAX_TERMS_DAYS
from domain.billing.statuses import InvoiceStatus

Terms = Annotated[int, Field(ge=0, le=MAX_TERMS_DAYS, description="Days from sending to the due date")]
Reason = Annotated[str, Field(min_length=1, max_length=2_000, pattern=NOT_BLANK)]
Short = Annotated[str, Field(max_length=200)]


class InvoiceCreate(StrictInput):
    """A new draft invoice, written by hand (it may name the approved proposal it bills)."""

    client_id: Annotated[str, Field(min_length=1, max_length=100, pattern=NOT_BLANK)]
    currency: Currency
    lines: Lines
    payment_terms_days: Terms = 14
    title: Annotated[str, Field(min_length=1, max_length=200)] = "Invoice"
    notes: Annotated[str, Field(max_length=10_000)] = ""
    proposal_id: UUID | None = None


class InvoiceFromProposal(StrictInput):
    """Draft the invoice of an approved proposal (once: asking again answers the same invoice)."""

    client_id: Annotated[str, Field(min_length=1, max_length=100, pattern=NOT_BLANK)] | None = Field(
        default=None, description="For a lead's proposal: the client the lead became"
    )
    payment_terms_days: Terms = 14


class InvoiceRevise(StrictInput):
    """What changes in a draft (the totals follow the lines)."""

    title: Annotated[str, Field(min_length=1, max_length=200)] | None = None
    notes: Annotated[str, Field(max_length=10_000)] | None = None
    payment_terms_days: Terms | None = None
    lines: Lines | None = None


class ReasonIn(StrictInput):
    """Why (discarding a draft, voiding an invoice)."""

    reason: Reason


class OptionalReason(StrictInput):
    reason: Annotated[str, Field(max_length=2_000)] = ""


class ReminderIn(StrictInput):
    """Record that reminder number ``reminder`` went out (the next one; the client gets its email)."""

    reminder: Annotated[int, Field(ge=1, le=1000)]


class CreditNoteCreate(StrictInput):
    """A credit note reducing what the invoice still owes."""

    amount: Amount = Field(description="In the invoice's currency, above zero and at most what it still owes")
    reason: Reason


class PaymentCreate(StrictInput):
    """Money received, recorded by an admin (send an Idempotency-Key header: a retry records nothing twice)."""

    amount: Amount = Field(description="In the invoice's currency, above zero and at most what it still owes")
    received_on: IsoDate = Field(description="The day the money arrived (not in the future)")
    method: Annotated[str, Field(min_length=1, max_length=100, pattern=NOT_BLANK)] = "bank_transfer"
    reference: Short = ""


class RefundCreate(StrictInput):
    """Money returned to the client from one recorded payment (send an Idempotency-Key header)."""

    payment_key: Annotated[str, Field(min_length=1, max_length=200, pattern=NOT_BLANK)] = Field(
        description="The key of the payment it returns money from (as the invoice's ledger shows it)"
    )
    amount: Amount
    refunded_on: IsoDate
    reference: Short = ""


class FailedPaymentCreate(StrictInput):
    """An attempt to pay that failed (send an Idempotency-Key header)."""

    reason: Reason


class ReceiptOut(BaseModel):
    """What recording money answers; a repeat of an Idempotency-Key answers the same receipt (status 200)."""

    invoice_id: UUID
    payment_id: UUID
    version: int = Field(description="The invoice version that recorded it")
    position: int = Field(description="Where this call's write landed in the log; 0 for a repeat")
    repeat: bool
    status: InvoiceStatus = Field(description="The invoice's status now")


class CheckoutOut(BaseModel):
    """A Stripe Checkout Session for what the invoice still owes: send the client to ``url``."""

    invoice_id: UUID
    session_id: str
    url: str
    amount: DecimalText
    currency: str


class LedgerEntryOut(BaseModel):
    """One movement of money on an invoice (refunds are negative), or a failed attempt."""

    entry_id: str
    invoice_id: UUID
    version: int
    client_id: str
    invoice_number: str
    kind: str = Field(description="payment, refund, failed_payment or credit_note")
    key: str
    amount: DecimalText
    applied: DecimalText = Field(description="How much of it settled (or, negative, reopened) what the invoice owes")
    currency: str
    day: date
    method: str
    provider: str
    reference: str
    detail: str
    recorded_at: datetime
    recorded_by: str
    position: int


class InvoiceOut(BaseModel):
    """An invoice as lists show it: every amount an exact decimal string in ``currency``."""

    id: UUID
    client_id: str
    proposal_id: str
    currency: str
    title: str
    status: InvoiceStatus
    number: str = Field(description="Given when sent (INV-2026-0001); empty for a draft")
    payment_terms_days: int
    line_count: int
    subtotal: DecimalText
    total: DecimalText
    paid: DecimalText
    credited: DecimalText
    refunded: DecimalText
    unapplied: DecimalText = Field(description="Received beyond what it owed, for an admin to refund or credit")
    owed: DecimalText
    sent_on: date | None
    due_date: date | None
    overdue: bool
    reminders_sent: int
    last_reminder_at: datetime | None
    credit_notes: int
    failed_attempts: int
    closed_reason: str
    created_at: datetime
    updated_at: datetime
    version: int
    position: int


class InvoiceDetailOut(InvoiceOut):
    """An invoice with its lines, tax per rate, notes and every movement of money."""

    notes: str
    lines: list[LineOut]
    taxes: dict[str, DecimalText]
    ledger: list[LedgerEntryOut]


class InvoiceAtVersionOut(BaseModel):
    """An invoice rebuilt from its history as it stood at one version."""

    id: UUID
    version: int
    as_of: datetime
    client_id: str
    currency: str
    title: str
    status: InvoiceStatus
    number: str
    lines: list[LineOut]
    subtotal: DecimalText
    taxes: dict[str, DecimalText]
    total: DecimalText
    paid: DecimalText
    credited: DecimalText
    owed: DecimalText
    sent_on: date | None
    due_date: date | None


class CurrencyTotals(BaseModel):
    invoices: DecimalText
    total: DecimalText
    paid: DecimalText
    credited: DecimalText
    outstanding: DecimalText = Field(description="Still owed on invoices that are sent, partly paid or overdue")


class InvoicePageOut(BaseModel):
    """One page of invoices, the cursor to the next, counts per status and totals per currency."""

    items: list[InvoiceOut]
    next_cursor: str | None
    counts: dict[str, int]
    totals: dict[str, CurrencyTotals]


class LedgerPageOut(BaseModel):
    items: list[LedgerEntryOut]
    next_cursor: str | None
