"""The email outbox view: which emails are queued, sent or dropped."""

from projections.outbox.emails import OUTBOX, EmailOutbox

__all__ = ["OUTBOX", "EmailOutbox"]
