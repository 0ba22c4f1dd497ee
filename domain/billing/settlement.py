"""What an invoice owes and which status follows from it: pure rules, no events."""

from __future__ import annotations

from dataclasses import dataclass

from domain.billing.errors import Overpayment
from domain.billing.money import Money
from domain.billing.statuses import InvoiceStatus
from domain.errors import InvalidInput


@dataclass(frozen=True)
class Balance:
    """What an invoice billed, was paid and credited, and received beyond what it owed."""

    total: Money
    paid: Money
    credited: Money
    unapplied: Money

    @property
    def owed(self) -> Money:
        """What the client still has to pay."""
        return self.total - self.paid - self.credited

    def status(self, overdue: bool) -> InvoiceStatus:
        """The status of a sent invoice with this balance (``overdue``: marked past its due date)."""
        if not self.owed.is_positive:
            return InvoiceStatus.PAID
        if overdue:
            return InvoiceStatus.OVERDUE
        return InvoiceStatus.PARTIALLY_PAID if self.paid.is_positive else InvoiceStatus.SENT


def positive(amount: Money, currency: str, what: str) -> Money:
    """``amount``, refused unless it is Money above zero in ``currency``."""
    if not isinstance(amount, Money):
        raise InvalidInput(f"{what} must be Money.")
    if not (amount > Money.zero(currency)):  # also refuses another currency
        raise InvalidInput(f"{what} must be above zero.")
    return amount


def split_payment(balance: Balance, amount: Money, *, manual: bool, is_open: bool) -> tuple[Money, Money]:
    """How much of a payment settles the invoice, and how much is beyond what it owes.

    An admin typing an amount larger than what is owed is refused: more often a
    typo than a real overpayment. Money a payment service already took is never
    refused (it would be lost): the excess is kept as unapplied, for an admin to
    refund or turn into credit, and so is all of a payment for a void or settled invoice.
    """
    owed = balance.owed if is_open else Money.zero(amount.currency)
    if manual and amount > owed:
        raise Overpayment(f"This payment of {amount} is more than the {owed} still owed.")
    applied = min(amount, owed)
    return applied, amount - applied


def split_refund(balance: Balance, amount: Money) -> tuple[Money, Money]:
    """How much of a refund returns unapplied money first, then money that settled the invoice."""
    from_unapplied = min(amount, balance.unapplied)
    return from_unapplied, amount - from_unapplied
