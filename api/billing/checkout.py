"""Paying online: a Stripe Checkout Session for what an invoice still owes, made with the Stripe library.

The invoice's id rides in the session's and its PaymentIntent's metadata, so the
webhook's events name the invoice they pay. The key and the API's address come
from settings (tests point the address at a local stand-in; nothing here calls
Stripe unless a key is set).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from decimal import Decimal

import stripe
from stripe.params.checkout import SessionCreateParams

from api.problems import ProblemError
from domain.billing.currencies import minor_units
from domain.billing.invoice import Invoice
from domain.billing.statuses import OPEN_INVOICE
from domain.errors import RuleViolation

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class StripeAccess:
    """How to reach Stripe: the secret key and, for tests, another API address."""

    api_key: str
    api_base: str = ""


@dataclass(frozen=True)
class Session:
    id: str
    url: str
    amount: Decimal
    currency: str


def open_session(access: StripeAccess, invoice: Invoice, public_url: str) -> Session:
    """A Checkout Session for what ``invoice`` still owes (refused unless it is sent and not settled)."""
    if not access.api_key:
        raise RuleViolation("Online payment is not set up on this server (BATON_STRIPE_API_KEY is empty).")
    if invoice.status not in OPEN_INVOICE:
        raise RuleViolation(f"Only a sent, unsettled invoice can be paid online; this one is {invoice.status}.")
    owed = invoice.balance.owed
    minor = int(owed.amount.scaleb(minor_units(owed.currency) or 0))
    page = f"{public_url.rstrip('/')}/invoices/{invoice.id}"
    metadata = {"invoice_id": str(invoice.id), "invoice_number": invoice.number}
    params: SessionCreateParams = {
        "mode": "payment",
        "line_items": [
            {
                "quantity": 1,
                "price_data": {
                    "currency": owed.currency.lower(),
                    "unit_amount": minor,
                    "product_data": {"name": f"Invoice {invoice.number}: {invoice.title}"[:250]},
                },
            }
        ],
        "client_reference_id": str(invoice.id),
        "metadata": metadata,
        "payment_intent_data": {"metadata": metadata},
        "success_url": f"{page}?checkout=success",
        "cancel_url": f"{page}?checkout=cancelled",
    }
    client = stripe.StripeClient(
        access.api_key, base_addresses={"api": access.api_base} if access.api_base else None, max_network_retries=1
    )
    # The same invoice, version and amount asks Stripe for the same session: a retry opens no second one.
    options: stripe.RequestOptions = {"idempotency_key": f"baton-checkout-{invoice.id}-{invoice.version}-{minor}"}
    try:
        session = client.v1.checkout.sessions.create(params=params, options=options)
    except stripe.StripeError as exc:
        log.warning("Stripe refused or could not be reached for invoice %s: %s", invoice.id, exc)
        detail = "Stripe could not open a payment page right now. Try again shortly."
        raise ProblemError(503, "Payment service unavailable", detail, headers={"Retry-After": "30"}) from None
    if not session.url:
        raise ProblemError(503, "Payment service unavailable", "Stripe opened no payment page; try again shortly.")
    return Session(session.id, session.url, owed.amount, owed.currency)
