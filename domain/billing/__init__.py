"""Billing: money, proposals, contracts, invoices with gapless numbers, payments recorded once.

Import from the modules (``domain.billing.money``, ``domain.billing.invoice``...):
this package imports nothing, so the application can register billing's
transcodings without pulling in the command groups.
"""
