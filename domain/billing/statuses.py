"""Where each billing document stands, and what a contract covers: the words the read side shows."""

from __future__ import annotations

from enum import StrEnum


class ProposalStatus(StrEnum):
    """Where a proposal stands."""

    DRAFT = "draft"
    SENT = "sent"
    APPROVED = "approved"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"


class ContractType(StrEnum):
    """What a contract covers."""

    PROJECT = "project"
    MAINTENANCE = "maintenance"
    MAINTENANCE_AND_SUPPORT = "maintenance_and_support"


class ContractStatus(StrEnum):
    """Where a contract stands."""

    OFFERED = "offered"
    ACCEPTED = "accepted"
    WITHDRAWN = "withdrawn"


class InvoiceStatus(StrEnum):
    """Where an invoice stands; a draft and a discarded draft are never shown to the client."""

    DRAFT = "draft"
    SENT = "sent"
    PARTIALLY_PAID = "partially_paid"
    OVERDUE = "overdue"
    PAID = "paid"
    VOID = "void"
    DISCARDED = "discarded"


# Sent and not settled: payments, credit notes, reminders and the overdue timer apply to these.
OPEN_INVOICE = frozenset({InvoiceStatus.SENT, InvoiceStatus.PARTIALLY_PAID, InvoiceStatus.OVERDUE})
