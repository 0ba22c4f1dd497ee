"""Gapless numbers: consecutive per series and year, taken at send, never skipped, never shared."""

from __future__ import annotations

import sys
import threading
from datetime import UTC, datetime
from uuid import UUID

import pytest

from domain.aggregate import BatonAggregate
from domain.application import BatonApplication, CommandResult
from domain.billing.ids import series_id
from domain.billing.invoice import Invoice
from domain.billing.invoice_commands import InvoiceCommands, NewInvoice
from domain.billing.numbering import NumberSeries
from domain.context import Actor
from domain.errors import ConcurrentChange, NotPermitted, RuleViolation
from tests.builders import ctx
from tests.unit.billing.builders import ADMIN, EMPLOYEE, at, draft_invoice, eur, line, sent_invoice


@pytest.fixture
def invoices(app: BatonApplication) -> InvoiceCommands:
    return InvoiceCommands(app)


def number(app: BatonApplication, invoice_id: UUID) -> str:
    return app.load(Invoice, invoice_id).number


def test_numbers_are_consecutive_in_send_order_when_drafts_were_made_in_another_order(
    app: BatonApplication, invoices: InvoiceCommands
) -> None:
    drafts = [draft_invoice(app) for _ in range(4)]
    for invoice_id in reversed(drafts):
        invoices.send(at(ADMIN), invoice_id)
    assert [number(app, i) for i in reversed(drafts)] == [f"INV-2026-000{n}" for n in range(1, 5)]


def test_a_refused_or_discarded_draft_consumes_no_number_when_the_next_one_is_sent(
    app: BatonApplication, invoices: InvoiceCommands
) -> None:
    empty = invoices.draft(at(ADMIN), NewInvoice(client_id="client-acme", currency="EUR")).id
    with pytest.raises(RuleViolation):
        invoices.send(at(ADMIN), empty)
    with pytest.raises(NotPermitted):
        invoices.send(at(EMPLOYEE), draft_invoice(app))
    discarded = draft_invoice(app)
    invoices.discard(at(ADMIN), discarded, "Not needed")
    assert number(app, sent_invoice(app)) == "INV-2026-0001"
    assert app.load(NumberSeries, series_id("INV-2026")).last == 1


def test_each_year_has_its_own_series_when_sending_crosses_new_year(app: BatonApplication) -> None:
    december = datetime(2026, 12, 31, 23, 59, tzinfo=UTC)
    january = datetime(2027, 1, 1, 0, 1, tzinfo=UTC)
    assert number(app, sent_invoice(app, now=december)) == "INV-2026-0001"
    assert number(app, sent_invoice(app, now=january)) == "INV-2027-0001"
    assert number(app, sent_invoice(app, now=december)) == "INV-2026-0002"


def test_credit_notes_take_numbers_from_their_own_series_when_issued(
    app: BatonApplication, invoices: InvoiceCommands
) -> None:
    first, second = sent_invoice(app), sent_invoice(app)
    invoices.issue_credit_note(at(ADMIN), first, eur("10.00"), "Discount agreed")
    invoices.issue_credit_note(at(ADMIN), second, eur("20.00"), "Late delivery")
    assert app.load(Invoice, first).credit_notes == ["CN-2026-0001"]
    assert app.load(Invoice, second).credit_notes == ["CN-2026-0002"]
    assert number(app, sent_invoice(app)) == "INV-2026-0003"


def test_a_send_that_loses_a_race_for_a_number_takes_the_next_when_it_retries(app: BatonApplication) -> None:
    first, second = draft_invoice(app), draft_invoice(app)
    races: list[UUID] = []

    class Racing(InvoiceCommands):
        def _series(self, ctx_: object, prefix: str) -> NumberSeries:
            series = super()._series(ctx_, prefix)  # type: ignore[arg-type]
            if not races:  # another admin sends ``second`` after we read the series, before we commit
                races.append(second)
                InvoiceCommands(app).send(at(ADMIN), second)
            return series

    Racing(app).send(at(ADMIN), first, expected_version=1)
    assert (number(app, second), number(app, first)) == ("INV-2026-0001", "INV-2026-0002")
    assert app.load(NumberSeries, series_id("INV-2026")).last == 2
    assert app.load(Invoice, first).version == 2


class CountingApplication(BatonApplication):
    """Counts the commits refused because another writer got there first."""

    collisions = 0

    def commit(self, primary: BatonAggregate, *others: BatonAggregate) -> CommandResult:
        try:
            return super().commit(primary, *others)
        except ConcurrentChange:
            self.collisions += 1
            raise


def test_concurrent_sends_never_share_or_skip_a_number_when_many_run_at_once() -> None:
    app = CountingApplication(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})
    drafts = [draft_invoice(app) for _ in range(80)]
    start = threading.Barrier(8)
    errors: list[BaseException] = []

    def sender(batch: list[UUID]) -> None:
        commands = InvoiceCommands(app)
        start.wait()
        for invoice_id in batch:
            try:
                commands.send(ctx(Actor.user(UUID(int=1), "admin")), invoice_id)
            except BaseException as error:  # noqa: BLE001 - collected and asserted below
                errors.append(error)

    threads = [threading.Thread(target=sender, args=(drafts[i::8],)) for i in range(8)]
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads often, so that sends really do collide
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(interval)
    assert errors == []
    assert app.collisions > 0, "no two sends collided: the test did not exercise the race"
    numbers = sorted(number(app, i) for i in drafts)
    assert numbers == [f"INV-2026-{n:04d}" for n in range(1, 81)]
    assert app.load(NumberSeries, series_id("INV-2026")).last == 80


def test_the_series_records_which_document_took_each_number_when_numbers_are_taken(app: BatonApplication) -> None:
    invoice_id = sent_invoice(app, line())
    taken = [e for e in app.events.get(series_id("INV-2026")) if isinstance(e, NumberSeries.NumberTaken)]
    assert [(e.sequence, e.number, e.document_id) for e in taken] == [(1, "INV-2026-0001", str(invoice_id))]
