"""Commands on stray payments: keep one once per idempotency key, and settle it."""

from __future__ import annotations

from uuid import UUID

from domain.application import CommandResult
from domain.billing.changes import BillingCommands
from domain.billing.ids import payment_id
from domain.billing.inputs import Payment
from domain.billing.payments import key_of
from domain.billing.stray_payment import StrayPayment
from domain.context import CommandContext
from domain.errors import ConcurrentChange


class StrayPaymentCommands(BillingCommands):
    """The write side of payments no invoice could take."""

    def receive(self, ctx: CommandContext, payment: Payment, *, invoice_ref: str, reason: str) -> CommandResult:
        """Keep a payment for an admin; a repeat of its key answers the one already kept."""
        stray_id = payment_id(key_of(payment.idempotency_key))
        existing = self.find(StrayPayment, stray_id)
        if existing is None:
            try:
                return self.create(StrayPayment.receive(ctx, payment, invoice_ref, reason))
            except ConcurrentChange:  # the same report, recorded at the same moment by another worker
                existing = self.load(StrayPayment, stray_id)
        return CommandResult(id=existing.id, version=existing.version, position=0)

    def settle(
        self, ctx: CommandContext, stray_id: UUID, note: str, *, expected_version: int | None = None
    ) -> CommandResult:
        """Record how an admin settled a stray payment."""
        return self.change(StrayPayment, stray_id, lambda s: s.settle(ctx, note), expected_version=expected_version)
