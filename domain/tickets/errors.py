"""Errors of the support desk (the API maps each once, in api/problems.py)."""

from __future__ import annotations

from domain.errors import RuleViolation


class TicketClosed(RuleViolation):
    """A closed ticket is locked: nothing more is added to it."""

    title = "Ticket closed"


class NotStaff(RuleViolation):
    """A ticket can only be assigned or escalated to an active staff member (an admin, to escalate)."""

    title = "Not a staff member"
