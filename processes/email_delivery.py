"""Sends queued emails exactly as recorded; idempotent by the email's id."""

from __future__ import annotations

import logging
from collections.abc import Callable
from email.message import EmailMessage
from typing import Any
from uuid import UUID

from psycopg_pool import ConnectionPool

from domain.clock import Clock
from domain.context import Actor, CommandContext
from domain.outbox import OutboundEmail
from domain.outbox.commands import EmailCommands
from processes.mail_transport import Transport

log = logging.getLogger(__name__)

# With a resend every BATON_EMAIL_SWEEP_INTERVAL (a minute by default), a mail server has about ten minutes to recover.
MAX_ATTEMPTS = 10

# Renders an email to a message, or returns a reason why it is no longer wanted.
Renderer = Callable[[OutboundEmail], "EmailMessage | str"]


class EmailDelivery:
    """Renders and sends one queued email, then records the outcome."""

    def __init__(
        self,
        emails: EmailCommands,
        renderers: dict[str, Renderer],
        transport: Transport,
        pool: ConnectionPool[Any],
        clock: Clock,
    ) -> None:
        self.emails = emails
        self.renderers = renderers
        self.transport = transport
        self.pool = pool
        self.clock = clock

    def _ctx(self, email: OutboundEmail) -> CommandContext:
        return CommandContext(actor=Actor.system("email"), now=self.clock.now(), causation_id=str(email.id))

    def deliver(self, email_id: UUID) -> str:
        """Send the email unless it is sent, dropped, or being sent elsewhere; returns what happened."""
        with self.pool.connection() as conn:
            # One sender per email at a time, across every worker process.
            row = conn.execute("SELECT pg_try_advisory_lock(hashtext('baton.email'), hashtext(%s))", (str(email_id),))
            locked = row.fetchone()
            if not (locked and locked[0]):
                return "busy"
            try:
                return self._deliver_locked(email_id)
            finally:
                conn.execute("SELECT pg_advisory_unlock(hashtext('baton.email'), hashtext(%s))", (str(email_id),))

    def _deliver_locked(self, email_id: UUID) -> str:
        email = self.emails.get(email_id)
        if email.settled:
            return f"already {email.status}"
        render = self.renderers.get(email.template)
        if render is None:
            self.emails.drop(self._ctx(email), email_id, f"no template named '{email.template}'")
            return "dropped"
        message = render(email)
        if isinstance(message, str):
            self.emails.drop(self._ctx(email), email_id, message)
            return "dropped"
        try:
            self.transport.send(message, str(email_id))
        except Exception as exc:  # the mail server refused or is down: record it, the resend deadline retries
            log.warning("email %s to %s failed: %s", email_id, email.to, exc)
            self.emails.mark_failed(self._ctx(email), email_id, f"{type(exc).__name__}: {exc}")
            if email.attempts + 1 >= MAX_ATTEMPTS:
                self.emails.drop(self._ctx(email), email_id, f"gave up after {MAX_ATTEMPTS} failed attempts")
                return "dropped"
            return "failed"
        self.emails.mark_sent(self._ctx(email), email_id, self.transport.name)
        return "sent"
