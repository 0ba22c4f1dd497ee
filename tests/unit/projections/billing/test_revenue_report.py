"""The revenue report's dated receivable facts, folded from invoice events without PostgreSQL."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from domain.application import BatonApplication
from domain.billing.inputs import Payment, Refund
from domain.billing.invoice_commands import InvoiceCommands
from projections.billing import RevenueReport
from projections.engine import replay
from tests.unit.billing.builders import ADMIN, TODAY, at, draft_invoice, eur, sent_invoice
from tests.unit.projections.log import events_of


def facts(app: BatonApplication) -> list[tuple[str, date, Decimal]]:
    rows = replay(RevenueReport(), events_of(app)).rows("revenue_facts")
    return sorted(((r["kind"], r["day"], r["amount"]) for r in rows), key=lambda f: (f[1], f[0]))


def test_drafts_move_no_receivable_until_sent_when_folded(app: BatonApplication) -> None:
    draft_invoice(app)
    assert facts(app) == []


def test_each_movement_of_a_sent_invoice_is_a_dated_fact_when_recorded(app: BatonApplication) -> None:
    invoices = InvoiceCommands(app)
    invoice = sent_invoice(app)
    earlier = TODAY + timedelta(days=1)
    invoices.record_payment(at(ADMIN, 5), invoice, Payment(eur("400.00"), earlier, "bank-1"))
    invoices.issue_credit_note(at(ADMIN, 6), invoice, eur("90.00"), "Goodwill")
    invoices.record_refund(at(ADMIN, 7), invoice, Refund("bank-1", eur("100.00"), TODAY + timedelta(days=7), "rf-1"))

    assert facts(app) == [
        ("invoiced", TODAY, Decimal("1190.00")),
        ("paid", earlier, Decimal("-400.00")),
        ("credited", TODAY + timedelta(days=6), Decimal("-90.00")),
        ("refunded", TODAY + timedelta(days=7), Decimal("100.00")),
    ]
    (row,) = replay(RevenueReport(), events_of(app)).rows("revenue_invoices")
    assert row["owed"] == Decimal("800.00") and row["due_date"] == TODAY + timedelta(days=14)


def test_voiding_takes_off_what_was_still_owed_and_later_money_moves_nothing_when_folded(
    app: BatonApplication,
) -> None:
    invoices = InvoiceCommands(app)
    invoice = sent_invoice(app)
    invoices.void(at(ADMIN, 2), invoice, "Sent to the wrong client")
    invoices.record_payment(at(ADMIN, 3), invoice, Payment(eur("50.00"), TODAY, "stripe:pi_x", provider="stripe"))

    assert facts(app) == [
        ("invoiced", TODAY, Decimal("1190.00")),
        ("voided", TODAY + timedelta(days=2), Decimal("-1190.00")),
    ]
