"""Many invoices sent at the same moment on PostgreSQL take consecutive numbers: none shared, none skipped."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

from baton.container import Container
from domain.billing.inputs import NewInvoice
from domain.billing.invoice import Invoice
from domain.billing.invoice_commands import InvoiceCommands
from domain.billing.lines import Line
from domain.billing.money import Money
from domain.context import Actor, CommandContext

SENDERS = 12
NOW = datetime(2026, 7, 1, 10, 0, tzinfo=UTC)


def test_concurrent_sends_take_every_number_once_in_sequence_when_twelve_race(container: Container) -> None:
    invoices = InvoiceCommands(container.app)
    admin = CommandContext(actor=Actor.user("00000000-0000-0000-0000-000000000007", "admin"), now=NOW)
    line = Line("Retainer", 1, Money.of("500.00", "EUR"))  # type: ignore[arg-type]
    drafts = [invoices.draft(admin, NewInvoice("client-race", "EUR", (line,))).id for _ in range(SENDERS + 2)]
    invoices.discard(admin, drafts[-1], "Never sent")  # discarded drafts leave no gap
    start, failures = threading.Barrier(SENDERS), []

    def send(invoice_id: object) -> None:
        start.wait()
        try:
            invoices.send(admin, invoice_id)  # type: ignore[arg-type]
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            failures.append(exc)

    threads = [threading.Thread(target=send, args=(i,)) for i in drafts[:SENDERS]]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)

    assert failures == []
    numbers = sorted(invoices.load(Invoice, i).number for i in drafts[:SENDERS])
    assert numbers == [f"INV-2026-{n:04d}" for n in range(1, SENDERS + 1)]
    invoices.send(admin, drafts[SENDERS])
    assert invoices.load(Invoice, drafts[SENDERS]).number == f"INV-2026-{SENDERS + 1:04d}"
