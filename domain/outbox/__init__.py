"""Outbound email: the intent (queued) and the outcome (sent) as events."""

from domain.outbox.aggregate import OutboundEmail

__all__ = ["OutboundEmail"]
