"""The billing settings the processes read (through the kit's settings), with defaults when run without them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

REMINDER_DAYS = 7
PAYMENT_TERMS_DAYS = 14


@dataclass(frozen=True)
class BillingPolicy:
    """How often reminders repeat, the payment terms of an invoice drafted from a proposal, the team's address."""

    reminder_every: timedelta = timedelta(days=REMINDER_DAYS)
    payment_terms_days: int = PAYMENT_TERMS_DAYS
    team_email: str = ""

    @classmethod
    def of(cls, settings: Any) -> BillingPolicy:
        """Read from the deployment's settings (``BATON_INVOICE_REMINDER_DAYS`` ...); defaults without them."""
        if settings is None:
            return cls()
        return cls(
            reminder_every=timedelta(days=int(getattr(settings, "invoice_reminder_days", REMINDER_DAYS))),
            payment_terms_days=int(getattr(settings, "invoice_payment_terms_days", PAYMENT_TERMS_DAYS)),
            team_email=str(getattr(settings, "billing_team_email", "") or ""),
        )
