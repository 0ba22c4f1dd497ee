"""Invoices: one row per invoice with what it owes, counts per status and client, and the payments ledger."""

from __future__ import annotations

from datetime import UTC, date
from decimal import Decimal
from typing import Any

from domain.billing import invoice_events as ie
from domain.billing.statuses import InvoiceStatus
from projections.billing.documents import lines_json, taxes_json
from projections.engine import Appends, Column, Entities, Fold, Projection, counts, handles
from projections.engine import position_column as position
from projections.engine import version_column as version

ZERO = Decimal(0)

INVOICES = Entities(
    "invoice_list",
    (
        Column("id", "uuid"),
        Column("client_id", "text"),
        Column("proposal_id", "text"),
        Column("currency", "text"),
        Column("title", "text", changes=True),
        Column("notes", "text", changes=True),
        Column("status", "text", changes=True),
        Column("number", "text", changes=True, default=""),
        Column("payment_terms_days", "integer", changes=True),
        Column("lines", "text", changes=True),
        Column("line_count", "integer", changes=True),
        Column("subtotal", "numeric", changes=True),
        Column("taxes", "text", changes=True),
        Column("total", "numeric", changes=True),
        Column("paid", "numeric", changes=True, default=ZERO),
        Column("credited", "numeric", changes=True, default=ZERO),
        Column("refunded", "numeric", changes=True, default=ZERO),
        Column("unapplied", "numeric", changes=True, default=ZERO),
        Column("owed", "numeric", changes=True),
        Column("sent_on", "date", changes=True, default=None),
        Column("due_date", "date", changes=True, default=None),
        Column("overdue", "boolean", changes=True, default=False),
        Column("reminders_sent", "integer", changes=True, default=0),
        Column("last_reminder_at", "timestamptz", changes=True, default=None),
        Column("credit_notes", "integer", changes=True, default=0),
        Column("failed_attempts", "integer", changes=True, default=0),
        Column("closed_reason", "text", changes=True, default=""),
        Column("created_at", "timestamptz"),
        Column("created_by", "text"),
        Column("updated_at", "timestamptz", changes=True),
        version(),
        position(),
    ),
    indexes=("(created_at, id)", "(updated_at, id)", "(client_id, status)", "(status, due_date)", "(sent_on)"),
)

COUNTS = counts("invoice_counts", of=INVOICES, by=("status", "client_id"), column="invoices")

# Every movement of money on an invoice (and what failed), in the order recorded.
LEDGER = Appends(
    "payment_ledger",
    (
        Column("entry_id", "text"),
        Column("invoice_id", "uuid"),
        Column("version", "integer"),
        Column("client_id", "text"),
        Column("invoice_number", "text"),
        Column("kind", "text"),
        Column("key", "text"),
        Column("amount", "numeric"),
        Column("applied", "numeric"),
        Column("currency", "text"),
        Column("day", "date"),
        Column("method", "text"),
        Column("provider", "text"),
        Column("reference", "text"),
        Column("detail", "text"),
        Column("recorded_at", "timestamptz"),
        Column("recorded_by", "text"),
        position(),
    ),
    key=("entry_id",),
    indexes=("(recorded_at, entry_id)", "(invoice_id, version)", "(client_id)"),
)


class InvoiceBook(Projection):
    """Invoices by status, client, due date and issue date, with their balances and every payment."""

    name = "invoices"
    version = 1
    tables = (INVOICES, COUNTS, LEDGER)

    @handles(ie.Drafted)
    def drafted(self, fold: Fold, e: ie.Drafted) -> None:
        fold.insert(
            INVOICES,
            e,
            client_id=e.client_id,
            proposal_id=e.proposal_id,
            currency=e.currency,
            status=InvoiceStatus.DRAFT.value,
            created_at=e.timestamp,
            created_by=e.actor_id,
            **_content(e),
            owed=e.total.amount,
        )

    @handles(ie.Revised)
    def revised(self, fold: Fold, e: ie.Revised) -> None:
        if (row := fold.update(INVOICES, e)) is not None:
            row.update(_content(e), owed=e.total.amount)

    @handles(ie.Discarded)
    def discarded(self, fold: Fold, e: ie.Discarded) -> None:
        if (row := fold.update(INVOICES, e)) is not None:
            row.update(status=InvoiceStatus.DISCARDED.value, closed_reason=e.reason)

    @handles(ie.Sent)
    def sent(self, fold: Fold, e: ie.Sent) -> None:
        if (row := fold.update(INVOICES, e)) is not None:
            row.update(status=InvoiceStatus.SENT.value, number=e.number, sent_on=e.sent_on, due_date=e.due_date)

    @handles(ie.MarkedOverdue)
    def overdue(self, fold: Fold, e: ie.MarkedOverdue) -> None:
        if (row := fold.update(INVOICES, e)) is not None:
            row.update(status=InvoiceStatus.OVERDUE.value, overdue=True)

    @handles(ie.ReminderRecorded)
    def reminded(self, fold: Fold, e: ie.ReminderRecorded) -> None:
        if (row := fold.update(INVOICES, e)) is not None:
            row.update(reminders_sent=e.reminder, last_reminder_at=e.timestamp)

    @handles(ie.Voided)
    def voided(self, fold: Fold, e: ie.Voided) -> None:
        if (row := fold.update(INVOICES, e)) is not None:
            row.update(status=InvoiceStatus.VOID.value, closed_reason=e.reason)

    @handles(ie.PaymentRecorded)
    def paid(self, fold: Fold, e: ie.PaymentRecorded) -> None:
        if (row := fold.update(INVOICES, e)) is not None:
            row.update(status=e.status, paid=row["paid"] + e.applied.amount)
            row.update(unapplied=row["unapplied"] + e.unapplied.amount, owed=_owed(row))
        _entry(fold, e, "payment", e.payment_key, e.amount.amount, e.applied.amount, e.received_on,
               method=e.method, provider=e.provider, reference=e.reference)  # fmt: skip

    @handles(ie.RefundRecorded)
    def refunded(self, fold: Fold, e: ie.RefundRecorded) -> None:
        if (row := fold.update(INVOICES, e)) is not None:
            row.update(
                status=e.status, paid=row["paid"] - e.from_paid.amount, refunded=row["refunded"] + e.amount.amount
            )
            row.update(unapplied=row["unapplied"] - e.from_unapplied.amount, owed=_owed(row))
        _entry(fold, e, "refund", e.refund_key, -e.amount.amount, -e.from_paid.amount, e.refunded_on,
               provider=e.provider, reference=e.reference, detail=f"from payment {e.payment_key}")  # fmt: skip

    @handles(ie.PaymentFailed)
    def failed(self, fold: Fold, e: ie.PaymentFailed) -> None:
        if (row := fold.update(INVOICES, e)) is not None:
            row["failed_attempts"] += 1
        _entry(fold, e, "failed_payment", e.attempt_key, ZERO, ZERO, _day(e),
               provider=e.provider, reference=e.reference, detail=e.reason)  # fmt: skip

    @handles(ie.CreditNoteIssued)
    def credited(self, fold: Fold, e: ie.CreditNoteIssued) -> None:
        if (row := fold.update(INVOICES, e)) is not None:
            row.update(
                status=e.status, credited=row["credited"] + e.amount.amount, credit_notes=row["credit_notes"] + 1
            )
            row["owed"] = _owed(row)
        _entry(fold, e, "credit_note", e.number, e.amount.amount, e.amount.amount, _day(e),
               reference=e.number, detail=e.reason)  # fmt: skip


def _content(e: ie.Drafted | ie.Revised) -> dict[str, Any]:
    return {
        "title": e.title,
        "notes": e.notes,
        "payment_terms_days": e.payment_terms_days,
        "lines": lines_json(e.lines),
        "line_count": len(e.lines),
        "subtotal": e.subtotal.amount,
        "taxes": taxes_json(e.taxes),
        "total": e.total.amount,
    }


def _owed(row: dict[str, Any]) -> Decimal:
    owed: Decimal = row["total"] - row["paid"] - row["credited"]
    return owed


def _entry(  # noqa: PLR0913
    fold: Fold, e: ie.InvoiceEvent, kind: str, key: str, amount: Decimal, applied: Decimal, day: date, *,
    method: str = "", provider: str = "", reference: str = "", detail: str = "",
) -> None:  # fmt: skip
    # Written even for a replay: the ledger ignores an entry it already has.
    invoice = fold.row(INVOICES, e.originator_id)
    fold.append(
        LEDGER,
        entry_id=f"{e.originator_id}:{e.originator_version}",
        invoice_id=e.originator_id,
        version=e.originator_version,
        client_id=invoice["client_id"] if invoice else "",
        invoice_number=invoice["number"] if invoice else "",
        kind=kind,
        key=key,
        amount=amount,
        applied=applied,
        currency=invoice["currency"] if invoice else "",
        day=day,
        method=method,
        provider=provider,
        reference=reference,
        detail=detail,
        recorded_at=e.timestamp,
        recorded_by=e.actor_id,
        position=fold.position,
    )


def _day(e: ie.InvoiceEvent) -> date:
    """The UTC date of the event (billing counts every date in UTC)."""
    return e.timestamp.astimezone(UTC).date()
