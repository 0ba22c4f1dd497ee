"""The invoice lifecycle: the client gets a sent invoice, it turns overdue the day after its due date, and a
reminder goes out then and every N days until it is settled."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID

from domain.application import BatonApplication
from domain.billing.inputs import Payment
from domain.billing.invoice import Invoice
from domain.billing.invoice_commands import InvoiceCommands, NewInvoice
from domain.billing.statuses import InvoiceStatus
from domain.context import Actor, CommandContext
from processes.billing.emails import INVOICE_REMINDER, INVOICE_SENT
from processes.billing.invoices import OVERDUE, REMINDER, InvoiceLifecycle
from processes.timers import Deadline, deadline_id
from tests.unit.billing.builders import ADMIN, TODAY, at, eur, line
from tests.unit.billing.processes.rig import Rig, client, staff

TIMER = Actor.system("timer")
DUE = TODAY + timedelta(days=10)
OVERDUE_AT = datetime(2026, 3, 13, tzinfo=UTC)  # the start of the day after the due date


def sent(app: BatonApplication, rig: Rig) -> UUID:
    invoices = InvoiceCommands(app)
    new = NewInvoice(client_id=client(app, staff(app, "manager@agency.example")), currency="EUR", lines=(line(),),
                     payment_terms_days=10)  # fmt: skip
    invoice = invoices.draft(at(ADMIN), new).id
    invoices.send(at(ADMIN), invoice)
    rig.run()
    return invoice


def fire(rig: Rig, purpose: str, invoice: UUID, now: datetime) -> None:
    """Fire the deadline as the runner would, at ``now``, then let the process react to what it did."""
    (manager,) = rig.managers
    rig.clock.at = now
    deadline = Deadline(deadline_id("invoice_lifecycle", purpose, str(invoice)), "invoice_lifecycle", purpose,
                        str(invoice), rig.deadlines.due(purpose, invoice) or now)  # fmt: skip
    manager.timers()[purpose](deadline, CommandContext(actor=TIMER, now=now))
    rig.run()


def test_sent_invoice_is_emailed_to_the_billing_address_and_watched_for_its_due_date_when_sent(
    app: BatonApplication,
) -> None:
    rig = Rig(app, InvoiceLifecycle)
    invoice = sent(app, rig)
    rig.replay_all()

    (email,) = rig.emails(INVOICE_SENT)
    assert (email.to, email.data) == ("accounts@acme.example", {"invoice_id": str(invoice)})
    assert rig.deadlines.due(OVERDUE, invoice) == OVERDUE_AT


def test_unpaid_invoice_turns_overdue_and_is_reminded_at_once_then_every_seven_days_when_time_passes(
    app: BatonApplication,
) -> None:
    rig = Rig(app, InvoiceLifecycle)
    invoice = sent(app, rig)

    fire(rig, OVERDUE, invoice, OVERDUE_AT)
    assert app.load(Invoice, invoice).status is InvoiceStatus.OVERDUE
    assert rig.deadlines.due(REMINDER, invoice) == OVERDUE_AT
    fire(rig, REMINDER, invoice, OVERDUE_AT + timedelta(minutes=1))
    assert rig.deadlines.due(REMINDER, invoice) == OVERDUE_AT + timedelta(days=7)
    fire(rig, REMINDER, invoice, OVERDUE_AT + timedelta(days=7))
    fire(rig, REMINDER, invoice, OVERDUE_AT + timedelta(days=7, minutes=5))  # fired again after a crash

    reminders = rig.emails(INVOICE_REMINDER)
    assert sorted(e.data["reminder"] for e in reminders) == ["1", "2"]
    assert {e.to for e in reminders} == {"accounts@acme.example"}
    assert app.load(Invoice, invoice).reminders_sent == 2


def test_paid_invoice_is_neither_marked_overdue_nor_reminded_when_its_deadlines_fire(app: BatonApplication) -> None:
    rig = Rig(app, InvoiceLifecycle)
    invoice = sent(app, rig)
    InvoiceCommands(app).record_payment(at(ADMIN, 1), invoice, Payment(eur("1190.00"), TODAY, "bank-1"))
    rig.run()

    fire(rig, OVERDUE, invoice, OVERDUE_AT)
    fire(rig, REMINDER, invoice, OVERDUE_AT)

    assert app.load(Invoice, invoice).status is InvoiceStatus.PAID
    assert rig.emails(INVOICE_REMINDER) == []
    assert ("invoice_lifecycle", REMINDER, str(invoice)) in rig.deadlines.cancelled


def test_reminder_fired_before_its_time_waits_for_it_when_the_clock_is_early(app: BatonApplication) -> None:
    rig = Rig(app, InvoiceLifecycle)
    invoice = sent(app, rig)
    fire(rig, OVERDUE, invoice, OVERDUE_AT)
    fire(rig, REMINDER, invoice, OVERDUE_AT)

    fire(rig, REMINDER, invoice, OVERDUE_AT + timedelta(days=3))

    assert app.load(Invoice, invoice).reminders_sent == 1
    assert rig.deadlines.due(REMINDER, invoice) == OVERDUE_AT + timedelta(days=7)
