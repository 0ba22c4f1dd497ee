"""Billing's API: proposals, contracts, invoices, payments (by hand and through Stripe), reports."""
