"""Where emails go: an SMTP server, or .eml files in a folder when none is configured."""

from __future__ import annotations

import logging
import os
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path
from typing import Protocol

log = logging.getLogger(__name__)


class Transport(Protocol):
    name: str

    def send(self, message: EmailMessage, key: str) -> None: ...


@dataclass
class SmtpTransport:
    """Delivers through SMTP; ``tls`` is 'starttls', 'ssl' or 'none'."""

    host: str
    port: int
    username: str = ""
    password: str = ""
    tls: str = "starttls"
    timeout: float = 10.0
    name: str = "smtp"

    def send(self, message: EmailMessage, key: str) -> None:
        context = ssl.create_default_context()
        client: smtplib.SMTP
        if self.tls == "ssl":
            client = smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout, context=context)
        else:
            client = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        with client:
            if self.tls == "starttls":
                client.starttls(context=context)
            if self.username:
                client.login(self.username, self.password)
            client.send_message(message)


@dataclass
class FolderTransport:
    """Writes each email as ``<key>.eml`` into ``folder`` and logs it (no SMTP configured)."""

    folder: Path
    name: str = "folder"

    def send(self, message: EmailMessage, key: str) -> None:
        self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        path = self.folder / f"{key}.eml"
        # An email may hold a single-use link: readable by Baton's own user only.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.fchmod(fd, 0o600)  # an earlier copy may have been written with wider rights
        with os.fdopen(fd, "wb") as out:
            out.write(bytes(message))
        log.warning("No SMTP server configured: wrote the email to %s to %s", message["To"], path)
