"""Billing's values survive the event store: Money, lines and dates through the application's transcoder."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any, cast

from domain.application import BatonApplication
from domain.billing.invoice import Invoice
from domain.billing.invoice_commands import InvoiceCommands, Payment
from domain.billing.lines import Line
from domain.billing.money import Money
from domain.billing.proposal import Proposal
from domain.billing.proposal_commands import ProposalCommands
from tests.unit.billing.builders import ADMIN, at, eur, line, new_proposal, sent_invoice


def test_money_lines_and_dates_come_back_equal_when_an_aggregate_is_saved_and_loaded(app: BatonApplication) -> None:
    lines = (
        Line("Design", Decimal("2.5"), eur("1000.10"), Decimal("19")),
        Line("Hosting", Decimal("12"), eur("9.99"), None),
    )
    proposal_id = ProposalCommands(app).draft(at(ADMIN), new_proposal(lines=lines, valid_until=date(2026, 5, 31))).id
    loaded = app.load(Proposal, proposal_id)  # rebuilt from the stored (encoded) events
    assert loaded.lines == list(lines)
    assert loaded.valid_until == date(2026, 5, 31)
    assert (loaded.subtotal, loaded.taxes, loaded.total) == (eur("2620.13"), {"19": eur("475.05")}, eur("3095.18"))
    assert isinstance(loaded.lines[0].unit_price, Money)


def test_amounts_are_stored_as_strings_when_events_are_encoded(app: BatonApplication) -> None:
    ProposalCommands(app).draft(at(ADMIN), new_proposal(lines=(line(price="0.10", quantity="3"),)))
    (stored,) = app.recorder.select_notifications(start=1, limit=10)
    body = json.loads(stored.state)
    assert body["total"] == {"_type_": "money", "_data_": {"amount": "0.36", "currency": "EUR"}}
    unit = body["lines"][0]["_data_"]["unit_price"]["_data_"]
    assert unit == {"amount": "0.10", "currency": "EUR"}
    assert b"0.30000000000000004" not in stored.state


def test_an_invoice_loads_the_same_from_a_snapshot_when_it_holds_money_and_payments(app: BatonApplication) -> None:
    invoice_id = sent_invoice(app)
    InvoiceCommands(app).record_payment(at(ADMIN), invoice_id, Payment(eur("100.00"), date(2026, 3, 2), "bank-1"))
    app.take_snapshot(invoice_id)
    from_events = app.load(Invoice, invoice_id)
    assert app.snapshots is not None
    (snapshot,) = app.snapshots.get(invoice_id)
    assert snapshot.originator_version == from_events.version
    restored = cast(Any, snapshot).mutate(None)  # the state as decoded from the stored snapshot
    assert isinstance(restored, Invoice)
    assert vars(restored) == vars(from_events)
    assert restored.balance.paid == eur("100.00") and restored.status is from_events.status
