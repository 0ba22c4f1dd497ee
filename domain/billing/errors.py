"""Billing's own errors; each names the rule that refused the command."""

from __future__ import annotations

from domain.errors import InvalidInput, InvalidTransition, RuleViolation


class CurrencyMismatch(InvalidInput):
    """Two amounts in different currencies met in one calculation or document."""

    title = "Currencies do not match"


class ProposalExpired(RuleViolation):
    """The proposal's valid-until date has passed."""

    title = "Proposal expired"


class AlreadyDecided(InvalidTransition):
    """The proposal was already approved or declined."""

    title = "Already decided"


class Overpayment(RuleViolation):
    """A payment or credit larger than what the invoice still owes."""

    title = "More than is owed"


class IdempotencyKeyReused(RuleViolation):
    """The same idempotency key came back with different payment details."""

    title = "Idempotency key reused"
