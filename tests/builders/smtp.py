"""A real SMTP server on loopback (aiosmtpd) that keeps what it receives."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller

from tests.e2e.server import free_port


@dataclass
class Mailbox:
    """Every message the server accepted, in order."""

    messages: list[EmailMessage] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 - aiosmtpd hook name
        message = message_from_bytes(envelope.content, policy=policy.default)
        with self._lock:
            self.messages.append(message)  # type: ignore[arg-type]
        return "250 Message accepted"

    def wait_for(self, to: str, count: int = 1, timeout: float = 15.0) -> list[EmailMessage]:
        """The first ``count`` messages to ``to``, waiting up to ``timeout`` seconds for them."""
        deadline = time.monotonic() + timeout
        while True:
            with self._lock:
                found = [m for m in self.messages if m["To"] == to]
            if len(found) >= count or time.monotonic() > deadline:
                assert len(found) >= count, f"expected {count} email(s) to {to}, got {len(found)}"
                return found
            time.sleep(0.05)


def invitation_token(message: EmailMessage) -> str:
    """The token in an invitation email's link."""
    body = message.get_body(("plain",))
    assert body is not None
    match = re.search(r"/(?:auth/invitations|welcome)/([A-Za-z0-9_\-]+)", body.get_content())
    assert match, body.get_content()
    return match.group(1)


@contextmanager
def smtp_server(port: int | None = None) -> Iterator[tuple[Mailbox, int]]:
    """An SMTP server on 127.0.0.1 and ``port`` (a free one by default), until the block ends."""
    mailbox = Mailbox()
    port = port or free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield mailbox, port
    finally:
        controller.stop()


def smtp_settings(port: int) -> dict[str, Any]:
    """Settings that send through the loopback server without TLS."""
    return {"smtp_host": "127.0.0.1", "smtp_port": port, "smtp_tls": "none", "smtp_from": "Baton <noreply@baton.test>"}
