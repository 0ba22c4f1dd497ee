"""Stripe's deliveries, acted on once each: payments, failed attempts and refunds recorded on their invoice.

The webhook records every signed event first (``StripeEvent.Received``); this
process reads it back and records what it reports, keyed by Stripe's own ids, so
a replayed or repeated event changes nothing. Money no invoice can take goes to
a ``StrayPayment`` for an admin; nothing here raises on bad luck (a refused rule
is recorded as the event's outcome, flagged for attention), so one odd event never
holds up the ones after it.
"""

from __future__ import annotations

import json
import logging
from datetime import date
from decimal import Decimal
from typing import ClassVar
from uuid import UUID

from domain.billing.calendar import today
from domain.billing.inputs import Payment, Refund
from domain.billing.invoice import Invoice
from domain.billing.invoice_commands import InvoiceCommands
from domain.billing.money import Money
from domain.billing.stray_payment_commands import StrayPaymentCommands
from domain.billing.stripe_event import StripeEvent
from domain.billing.stripe_event_commands import StripeEventCommands
from domain.billing.stripe_reports import FailureReport, PaymentReport, RefundReport, Report, report_of_body
from domain.clock import Clock
from domain.context import CommandContext
from domain.errors import ConcurrentChange, DomainError
from processes.billing.mail import context_for
from processes.kit import ProcessKit
from processes.manager import ProcessManager, reacts_to

log = logging.getLogger(__name__)
PROVIDER = "stripe"


class StripePayments(ProcessManager):
    """Records on each invoice what Stripe's events report, exactly once."""

    name: ClassVar[str] = "stripe_payments"

    def __init__(
        self, events: StripeEventCommands, invoices: InvoiceCommands, strays: StrayPaymentCommands, clock: Clock
    ) -> None:
        super().__init__()
        self.events, self.invoices, self.strays, self.clock = events, invoices, strays, clock

    @classmethod
    def build(cls, kit: ProcessKit) -> StripePayments:
        return cls(
            kit.commands(StripeEventCommands),
            kit.commands(InvoiceCommands),
            kit.commands(StrayPaymentCommands),
            kit.clock,
        )

    @reacts_to(StripeEvent.Received)
    def received(self, event: StripeEvent.Received) -> None:
        ctx = context_for(event, self.clock, PROVIDER)
        try:
            envelope, report = report_of_body(json.loads(event.payload))
            day = min(envelope.created.date(), today(ctx))
            outcome, attention = self._apply(ctx, report, day) if report else ("nothing to record", False)
        except ConcurrentChange:
            raise  # a collision that outlasted the retries: react to this event again
        except (DomainError, ValueError) as exc:
            outcome, attention = f"not recorded: {getattr(exc, 'detail', exc)}", True
        if attention:
            log.warning("Stripe event %s needs an admin: %s", event.stripe_id, outcome)
        self.events.handle(ctx, event.originator_id, outcome, attention=attention)

    def _apply(self, ctx: CommandContext, report: Report, day: date) -> tuple[str, bool]:
        invoice = self._invoice(report.invoice_ref)
        if isinstance(report, PaymentReport):
            payment = Payment(report.amount, day, report.key, "card", PROVIDER, report.reference)
            return self._pay(ctx, invoice, payment, report.invoice_ref)
        if invoice is None:
            return f"no invoice '{report.invoice_ref}' for this {type(report).__name__}; nothing recorded", True
        if isinstance(report, FailureReport):
            if report.payment_key in invoice.received:
                return "an earlier failed attempt at a payment that has since succeeded; nothing recorded", False
            receipt = self.invoices.record_failed_payment(
                ctx, invoice.id, report.key, provider=PROVIDER, reason=report.reason
            )
            return ("a repeat" if receipt.repeat else f"failed attempt recorded on {invoice.number}"), False
        return self._refund(ctx, invoice, report, day)

    def _pay(self, ctx: CommandContext, invoice: Invoice | None, payment: Payment, ref: str) -> tuple[str, bool]:
        reason = ""
        if invoice is None:
            reason = f"no invoice with id '{ref}'"
        else:
            try:
                receipt = self.invoices.record_payment(ctx, invoice.id, payment)
            except ConcurrentChange:
                raise
            except DomainError as exc:
                reason = f"invoice {invoice.number or invoice.id} refused it: {exc.detail}"
            else:
                if receipt.repeat:
                    return "already recorded", False
                kept = self.invoices.load(Invoice, invoice.id).balance.unapplied
                if kept.is_positive:
                    return (
                        f"recorded on {invoice.number}; {kept} is beyond what it owed (status {receipt.status})",
                        True,
                    )
                return f"recorded on {invoice.number} (status {receipt.status})", False
        self.strays.receive(ctx, payment, invoice_ref=ref, reason=reason)
        return f"kept as a stray payment: {reason}", True

    def _refund(self, ctx: CommandContext, invoice: Invoice, report: RefundReport, day: date) -> tuple[str, bool]:
        if report.payment_key not in invoice.received:
            # The refund overtook its payment's own event: record the payment from the charge first.
            payment = Payment(report.charged, day, report.payment_key, "card", PROVIDER, report.charge_id)
            outcome, attention = self._pay(ctx, invoice, payment, str(invoice.id))
            if attention and "stray" in outcome:
                return outcome, attention
            invoice = self.invoices.load(Invoice, invoice.id)
        already = Money(invoice.refunded.get(report.payment_key, Decimal(0)), invoice.currency)
        if report.refunded.currency != invoice.currency or not report.refunded > already:
            return "no refund beyond those already recorded", False
        refund = Refund(
            report.payment_key, report.refunded - already, day,
            f"{report.payment_key}:refunded-to:{report.refunded.amount}", PROVIDER, report.charge_id,
        )  # fmt: skip
        receipt = self.invoices.record_refund(ctx, invoice.id, refund)
        return ("a repeat" if receipt.repeat else f"refund of {refund.amount} recorded on {invoice.number}"), False

    def _invoice(self, ref: str) -> Invoice | None:
        try:
            return self.invoices.find(Invoice, UUID(ref))
        except (ValueError, TypeError):
            return None
