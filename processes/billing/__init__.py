"""Billing's processes: proposal emails and team notices, the invoice lifecycle, Stripe payments."""
