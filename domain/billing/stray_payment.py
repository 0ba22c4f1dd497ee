"""Money a payment service reported that no invoice can take: kept for an admin, never lost, never twice."""

from __future__ import annotations

from datetime import date

from domain.aggregate import BatonAggregate
from domain.billing.access import ADMIN, SYSTEM, require, require_admin
from domain.billing.content import date_from
from domain.billing.ids import payment_id
from domain.billing.inputs import Payment
from domain.billing.money import Money
from domain.billing.payments import key_of
from domain.billing.settlement import positive
from domain.context import CommandContext
from domain.errors import InvalidInput, InvalidTransition


class StrayPayment(BatonAggregate):
    """A payment for an unknown, unsent or otherwise unpayable invoice, waiting for an admin to settle it.

    Its id derives from the payment's idempotency key, so a repeated report finds it again.
    """

    TOPIC = "baton.invoice.StrayPayment"
    payment_key: str
    amount: Money
    received_on: date
    provider: str
    reference: str
    invoice_ref: str
    reason: str
    settled: bool = False

    class Event(BatonAggregate.Event):
        """Base of the stray payment's events."""

    class Received(Event, BatonAggregate.Created):
        """A payment arrived that no invoice could take; ``invoice_ref`` is what the service named."""

        TOPIC = "baton.invoice.StrayPaymentReceived"
        payment_key: str
        amount: Money
        received_on: date
        provider: str
        reference: str
        invoice_ref: str
        reason: str

    Created = Received

    class Settled(Event):
        """An admin dealt with the stray payment (refunded it, or recorded it on the right invoice)."""

        TOPIC = "baton.invoice.StrayPaymentSettled"
        note: str

        def apply(self, aggregate: StrayPayment) -> None:
            aggregate.settled = True

    @classmethod
    def receive(cls, ctx: CommandContext, payment: Payment, invoice_ref: str, reason: str) -> StrayPayment:
        """Keep a payment no invoice could take, under the id its key gives."""
        require(ctx, frozenset({ADMIN, SYSTEM}), "record a stray payment")
        key = key_of(payment.idempotency_key)
        if not isinstance(payment.amount, Money):
            raise InvalidInput("A payment must be Money.")
        amount = positive(payment.amount, payment.amount.currency, "A payment")
        received_on = date_from(payment.received_on, date.min, "A payment's date")
        stray: StrayPayment = cls._start(
            cls.Received, ctx, payment_id(key), payment_key=key, amount=amount, received_on=received_on,
            provider=payment.provider, reference=payment.reference, invoice_ref=invoice_ref, reason=reason,
        )  # fmt: skip
        return stray

    def settle(self, ctx: CommandContext, note: str) -> None:
        """Record how an admin dealt with it."""
        require_admin(ctx, "settle a stray payment")
        if self.settled:
            raise InvalidTransition("This stray payment was already settled.")
        if not note.strip():
            raise InvalidInput("Say how the stray payment was settled (refunded, or recorded on which invoice).")
        self._record(self.Settled, ctx, note=note.strip())
