"""The invoice book's rows, counts and payments ledger, folded from invoice events without PostgreSQL."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from domain.application import BatonApplication
from domain.billing.inputs import Payment, Refund
from domain.billing.invoice_commands import InvoiceCommands
from projections.billing import InvoiceBook
from projections.engine import MemoryWriter, replay
from tests.unit.billing.builders import ADMIN, STRIPE, SYSTEM, TODAY, at, draft_invoice, eur, sent_invoice
from tests.unit.projections.log import events_of


def book(app: BatonApplication) -> MemoryWriter:
    return replay(InvoiceBook(), events_of(app))


def test_draft_is_a_row_owing_its_total_without_a_number_when_folded(app: BatonApplication) -> None:
    invoice = draft_invoice(app)

    (row,) = book(app).rows("invoice_list")

    assert (row["id"], row["status"], row["number"], row["sent_on"]) == (invoice, "draft", "", None)
    assert (row["total"], row["owed"], row["paid"]) == (Decimal("1190.00"), Decimal("1190.00"), Decimal(0))


def test_sent_invoice_has_its_number_and_due_date_when_folded(app: BatonApplication) -> None:
    sent_invoice(app, terms=10)

    (row,) = book(app).rows("invoice_list")

    assert (row["status"], row["number"]) == ("sent", "INV-2026-0001")
    assert (row["sent_on"], row["due_date"]) == (TODAY, date(2026, 3, 12))


def test_payments_refunds_and_credit_notes_move_the_balance_and_fill_the_ledger_when_recorded(
    app: BatonApplication,
) -> None:
    invoices = InvoiceCommands(app)
    invoice = sent_invoice(app)
    invoices.record_payment(at(ADMIN, 1), invoice, Payment(eur("500.00"), TODAY, "bank-1", reference="TX 1"))
    invoices.issue_credit_note(at(ADMIN, 2), invoice, eur("90.00"), "Discount agreed")
    invoices.record_payment(at(STRIPE, 3), invoice, Payment(eur("700.00"), TODAY, "stripe:pi_1", provider="stripe"))
    invoices.record_refund(at(SYSTEM, 4), invoice, Refund("stripe:pi_1", eur("150.00"), TODAY, "stripe:re_1", "stripe"))

    view = book(app)

    (row,) = view.rows("invoice_list")
    # 1190 owed: 500 paid, 90 credited, 700 in of which 600 applied and 100 over; the refund takes the 100 first.
    assert (row["paid"], row["credited"], row["unapplied"]) == (Decimal("1050.00"), Decimal("90.00"), Decimal(0))
    assert (row["owed"], row["refunded"], row["status"]) == (Decimal("50.00"), Decimal("150.00"), "partially_paid")
    ledger = sorted(view.rows("payment_ledger"), key=lambda r: r["version"])
    assert [(r["kind"], r["amount"], r["applied"]) for r in ledger] == [
        ("payment", Decimal("500.00"), Decimal("500.00")),
        ("credit_note", Decimal("90.00"), Decimal("90.00")),
        ("payment", Decimal("700.00"), Decimal("600.00")),
        ("refund", Decimal("-150.00"), Decimal("-50.00")),
    ]
    assert {(r["client_id"], r["invoice_number"], r["currency"]) for r in ledger} == {
        ("client-acme", "INV-2026-0001", "EUR")
    }
    assert ledger[1]["reference"] == "CN-2026-0001"


def test_counts_follow_each_invoice_by_status_and_client_when_they_move(app: BatonApplication) -> None:
    draft_invoice(app)
    paid = sent_invoice(app)
    InvoiceCommands(app).record_payment(at(ADMIN, 1), paid, Payment(eur("1190.00"), TODAY, "bank-2"))

    counts = book(app).rows("invoice_counts")

    assert sorted((c["status"], c["invoices"]) for c in counts) == [("draft", 1), ("paid", 1)]


def test_overdue_reminders_and_void_are_shown_when_recorded(app: BatonApplication) -> None:
    invoices = InvoiceCommands(app)
    late, cancelled = sent_invoice(app, terms=0), sent_invoice(app)
    invoices.mark_overdue(at(SYSTEM, 1), late)
    invoices.record_reminder(at(SYSTEM, 1), late, 1)
    invoices.void(at(ADMIN, 1), cancelled, "Billed twice")

    rows = {r["id"]: r for r in book(app).rows("invoice_list")}

    assert (rows[late]["status"], rows[late]["overdue"], rows[late]["reminders_sent"]) == ("overdue", True, 1)
    assert rows[late]["last_reminder_at"] == at(SYSTEM, 1).now
    assert (rows[cancelled]["status"], rows[cancelled]["closed_reason"]) == ("void", "Billed twice")


def test_failed_attempt_is_counted_and_ledgered_without_money_when_recorded(app: BatonApplication) -> None:
    invoice = sent_invoice(app)
    InvoiceCommands(app).record_failed_payment(
        at(STRIPE), invoice, "stripe:pi_9:failed:evt_1", provider="stripe", reason="Card declined"
    )

    view = book(app)

    assert view.rows("invoice_list")[0]["failed_attempts"] == 1
    (entry,) = view.rows("payment_ledger")
    assert (entry["kind"], entry["amount"], entry["detail"]) == ("failed_payment", Decimal(0), "Card declined")


def test_book_is_the_same_folded_in_one_batch_as_event_by_event_when_replayed(app: BatonApplication) -> None:
    invoices = InvoiceCommands(app)
    for i in range(3):
        invoice = sent_invoice(app)
        invoices.record_payment(at(ADMIN, 1), invoice, Payment(eur("100.00"), TODAY, f"bank-{i}"))
    events = events_of(app)
    one, many = replay(InvoiceBook(), events), replay(InvoiceBook(), events, batch=len(events))
    for table in ("invoice_list", "invoice_counts", "payment_ledger"):
        assert one.rows(table) == many.rows(table)
