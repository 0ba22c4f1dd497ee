"""The support desk's deployment settings as one value: the mailbox, the reply-address secrets, auto-close.

Built once by the composition root from Baton's settings and handed to the
process managers and the inbound-email webhook, so both sign and read reply
addresses with the same secrets. Nothing here reads the environment or a file.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import timedelta
from email.utils import parseaddr
from typing import Protocol

from domain.tickets.deadlines import AUTO_CLOSE_AFTER

_DERIVED = b"baton:ticket-reply-addresses"


@dataclass(frozen=True)
class DeskSettings:
    """Where clients write, how reply addresses are signed, and when resolved tickets close on their own."""

    support_address: str = "support@baton.local"
    reply_secrets: tuple[bytes, ...] = (b"not-a-secret-change-me!",)  # the first signs; all of them verify
    auto_close_after: timedelta = AUTO_CLOSE_AFTER
    inbound_secret: bytes = b""  # the inbound-email webhook's shared secret; empty refuses every delivery
    sender: str = "Baton <noreply@baton.local>"  # From of every email

    @property
    def signing_secret(self) -> bytes:
        return self.reply_secrets[0]

    @property
    def support_domain(self) -> str:
        return self.support_address.rpartition("@")[2].lower()


def desk_settings(
    *,
    secret_key: str,
    support_address: str,
    reply_secrets: str = "",
    auto_close_days: int = 7,
    inbound_secret: str = "",
    sender: str = "",
) -> DeskSettings:
    """The desk's settings; with no reply secrets given, one is derived from the deployment's secret key."""
    _, bare = parseaddr(support_address)
    if "@" not in bare:
        raise ValueError(f"The support address '{support_address}' is not an email address.")
    given = tuple(s.strip().encode() for s in reply_secrets.split(",") if s.strip())
    derived = hmac.new(secret_key.encode(), _DERIVED, hashlib.sha256).digest()
    return DeskSettings(
        support_address=bare.lower(),
        reply_secrets=given or (derived,),
        auto_close_after=timedelta(days=auto_close_days),
        inbound_secret=inbound_secret.encode(),
        sender=sender or DeskSettings.sender,
    )


class DeskSource(Protocol):
    """The deployment settings the desk is built from (``baton.settings.Settings`` has them)."""

    support_address: str
    ticket_reply_secrets: str
    ticket_auto_close_days: int
    inbound_email_secret: str
    smtp_from: str


def desk_from(settings: DeskSource | None, secret_key: str) -> DeskSettings:
    """The desk's settings from the deployment's (the defaults when there are none, as in unit tests)."""
    if settings is None:
        return DeskSettings()
    return desk_settings(
        secret_key=secret_key,
        support_address=settings.support_address,
        reply_secrets=settings.ticket_reply_secrets,
        auto_close_days=settings.ticket_auto_close_days,
        inbound_secret=settings.inbound_email_secret,
        sender=settings.smtp_from,
    )
