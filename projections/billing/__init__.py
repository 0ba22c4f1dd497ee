"""Billing's read side: proposals, contracts, invoices with their payments, the payment inbox, revenue.

Amounts are ``numeric`` columns (Decimal in Python, strings in JSON), never floats.
"""

from projections.billing.contracts import ContractRegister
from projections.billing.inbox import PaymentInbox
from projections.billing.invoices import InvoiceBook
from projections.billing.proposals import ProposalBoard
from projections.billing.revenue import RevenueReport

__all__ = ["ContractRegister", "InvoiceBook", "PaymentInbox", "ProposalBoard", "RevenueReport"]
