"""Routing inbound email to a ticket: the reply address's token, and the new text of a reply.

Why the reply address carries a signed token rather than the ticket's id:
an address that lets someone add to a ticket is a credential, and a bare id
is not a secret. Ticket ids are shown in URLs, API answers, logs and
notifications, and a ticket opened by email has an id derived from the
email's Message-ID, which anyone on the thread can read. So the token is the
ticket's id plus an HMAC-SHA256 of that id under a secret only Baton holds
(80 bits kept): it cannot be made, or changed to point at another ticket,
without the secret. Replacing the secret revokes every reply address;
``ticket_from_address`` takes older secrets too, so addresses already in
clients' mailboxes keep working during a rotation. The token is lower-case
base32 (case-insensitive, safe in an address's local part, 42 characters).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Sequence
from email.utils import parseaddr
from uuid import NAMESPACE_URL, UUID, uuid5

_CONTEXT = b"baton:ticket-reply:"
_MAC_BYTES = 10
_TOKEN_LENGTH = 42  # base32 of 16 id bytes and 10 MAC bytes, unpadded
_MIN_SECRET_BYTES = 16
_MESSAGES = uuid5(NAMESPACE_URL, "baton:inbound-email")


def _mac(ticket_id: UUID, secret: bytes) -> bytes:
    if len(secret) < _MIN_SECRET_BYTES:
        raise ValueError(f"The reply-address secret must be at least {_MIN_SECRET_BYTES} bytes.")
    return hmac.new(secret, _CONTEXT + ticket_id.bytes, hashlib.sha256).digest()[:_MAC_BYTES]


def _encode(raw: bytes) -> str:
    return base64.b32encode(raw).decode("ascii").rstrip("=").lower()


def reply_token(ticket_id: UUID, secret: bytes) -> str:
    """The token that lets a reply address name ``ticket_id``."""
    return _encode(ticket_id.bytes + _mac(ticket_id, secret))


def ticket_from_token(token: str, secrets: Sequence[bytes]) -> UUID | None:
    """The ticket a token names, if it was made with one of ``secrets``; otherwise None."""
    token = token.strip().lower()
    if len(token) != _TOKEN_LENGTH:
        return None
    try:
        raw = base64.b32decode(token.upper() + "=" * (-len(token) % 8))
    except ValueError:
        return None
    ticket_id, mac = UUID(bytes=raw[:16]), raw[16:]
    if _encode(raw) != token:
        return None  # the unused low bits of the last character were altered: one token, one spelling
    if any(hmac.compare_digest(mac, _mac(ticket_id, secret)) for secret in secrets):
        return ticket_id
    return None


def reply_address(ticket_id: UUID, support_address: str, secret: bytes) -> str:
    """The address a ticket's emails reply to: ``support+<token>@domain``."""
    local, _, domain = support_address.strip().partition("@")
    if not local or not domain:
        raise ValueError(f"'{support_address}' is not an email address.")
    return f"{local}+{reply_token(ticket_id, secret)}@{domain}"


def ticket_from_address(address: str, support_address: str, secrets: Sequence[bytes]) -> UUID | None:
    """The ticket a recipient address names: the support mailbox plus a valid token (any display name)."""
    _, bare = parseaddr(address)
    local, _, domain = bare.strip().partition("@")
    base, plus, token = local.partition("+")
    support_local, _, support_domain = support_address.strip().lower().partition("@")
    if not plus or base.lower() != support_local or domain.lower() != support_domain:
        return None
    return ticket_from_token(token, secrets)


def ticket_from_recipients(recipients: Sequence[str], support_address: str, secrets: Sequence[bytes]) -> UUID | None:
    """The ticket named by the first recipient (To, then Cc, as given) that carries a valid token."""
    for address in recipients:
        found = ticket_from_address(address, support_address, secrets)
        if found is not None:
            return found
    return None


def ticket_id_for_message(message_id: str) -> UUID:
    """The id of a ticket opened by an email: the same Message-ID always gives the same id."""
    return uuid5(_MESSAGES, message_id.strip().strip("<>").strip())
