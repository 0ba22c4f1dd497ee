"""Revenue and receivables: every change to what a client owes, dated, so any past date can be asked.

Each fact moves an invoice's receivable on a business date: sending adds the
total (issue date), a payment takes off what it applied (date received), a
refund of applied money adds it back (date refunded), a credit note and voiding
take off (the day recorded, UTC). What was outstanding on a day is the sum of an
invoice's facts up to it; it was overdue then when its due date had passed.
"""

from __future__ import annotations

from datetime import UTC, date
from decimal import Decimal

from domain.billing import invoice_events as ie
from projections.engine import Appends, Column, Entities, Fold, Projection, handles
from projections.engine import version_column as version

RECEIVABLES = Entities(
    "revenue_invoices",
    (
        Column("id", "uuid"),
        Column("client_id", "text"),
        Column("currency", "text"),
        Column("total", "numeric", changes=True),
        Column("due_date", "date", changes=True, default=None),
        Column("owed", "numeric", changes=True, default=Decimal(0)),
        Column("sent", "boolean", changes=True, default=False),
        version(),
    ),
)

FACTS = Appends(
    "revenue_facts",
    (
        Column("entry_id", "text"),
        Column("invoice_id", "uuid"),
        Column("client_id", "text"),
        Column("currency", "text"),
        Column("kind", "text"),
        Column("day", "date"),
        Column("due_date", "date"),
        Column("amount", "numeric"),
    ),
    key=("entry_id",),
    indexes=("(day)", "(invoice_id)", "(client_id, day)"),
)


class RevenueReport(Projection):
    """Dated changes to each sent invoice's receivable: revenue by client and month, ageing, as of any date."""

    name = "billing_revenue"
    version = 1
    tables = (RECEIVABLES, FACTS)

    @handles(ie.Drafted)
    def drafted(self, fold: Fold, e: ie.Drafted) -> None:
        fold.insert(RECEIVABLES, e, client_id=e.client_id, currency=e.currency, total=e.total.amount)

    @handles(ie.Revised)
    def revised(self, fold: Fold, e: ie.Revised) -> None:
        if (row := fold.update(RECEIVABLES, e)) is not None:
            row["total"] = e.total.amount

    @handles(ie.Sent)
    def sent(self, fold: Fold, e: ie.Sent) -> None:
        if (row := fold.update(RECEIVABLES, e)) is not None:
            row.update(sent=True, due_date=e.due_date)
            _fact(fold, e, row, "invoiced", e.sent_on, row["total"])

    @handles(ie.PaymentRecorded)
    def paid(self, fold: Fold, e: ie.PaymentRecorded) -> None:
        if (row := fold.update(RECEIVABLES, e)) is not None:
            _fact(fold, e, row, "paid", e.received_on, -e.applied.amount)

    @handles(ie.RefundRecorded)
    def refunded(self, fold: Fold, e: ie.RefundRecorded) -> None:
        if (row := fold.update(RECEIVABLES, e)) is not None:
            _fact(fold, e, row, "refunded", e.refunded_on, e.from_paid.amount)

    @handles(ie.CreditNoteIssued)
    def credited(self, fold: Fold, e: ie.CreditNoteIssued) -> None:
        if (row := fold.update(RECEIVABLES, e)) is not None:
            _fact(fold, e, row, "credited", _day(e), -e.amount.amount)

    @handles(ie.Voided)
    def voided(self, fold: Fold, e: ie.Voided) -> None:
        if (row := fold.update(RECEIVABLES, e)) is not None:
            _fact(fold, e, row, "voided", _day(e), -row["owed"])


def _day(e: ie.InvoiceEvent) -> date:
    return e.timestamp.astimezone(UTC).date()


def _fact(fold: Fold, e: ie.InvoiceEvent, row: dict[str, object], kind: str, day: date, amount: Decimal) -> None:
    """Move the invoice's receivable by ``amount`` on ``day`` (nothing for a zero move or an unsent invoice)."""
    if not row["sent"] or not amount:
        return
    owed = row["owed"]
    assert isinstance(owed, Decimal)
    row["owed"] = owed + amount
    fold.append(
        FACTS,
        entry_id=f"{e.originator_id}:{e.originator_version}",
        invoice_id=e.originator_id,
        client_id=row["client_id"],
        currency=row["currency"],
        kind=kind,
        day=day,
        due_date=row["due_date"],
        amount=amount,
    )
