"""What the ticket commands take: each field list written once, and its checks."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Any
from uuid import UUID

from domain.errors import InvalidInput
from domain.tickets.workflow import Priority

MAX_SUBJECT = 200
MAX_TEXT = 50_000
MAX_ATTACHMENT_BYTES = 50 * 1024 * 1024
_CONTENT_TYPE = re.compile(r"^[a-z0-9][a-z0-9!#$&^_.+-]*/[a-z0-9][a-z0-9!#$&^_.+-]*$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


class RequesterKind(StrEnum):
    """Who asked: a contact of the client (no sign-in), or a client user of the portal."""

    CONTACT = "contact"
    CLIENT_USER = "client_user"


class Channel(StrEnum):
    """How a message reached the desk, from the role of whoever recorded it."""

    PORTAL = "portal"  # a client user, signed in
    STAFF = "staff"  # staff on a client's behalf (a phone call, a chat)
    EMAIL = "email"  # Baton itself, relaying an inbound email

    @classmethod
    def of(cls, role: str) -> Channel:
        return {"client": cls.PORTAL, "admin": cls.STAFF, "employee": cls.STAFF}.get(role, cls.EMAIL)


@dataclass(frozen=True)
class Requester:
    """The person on the client's side a ticket or a message comes from."""

    kind: RequesterKind
    id: str

    def __post_init__(self) -> None:
        if not str(self.id).strip():
            raise InvalidInput("A requester needs the id of a contact or a client user.")
        try:
            object.__setattr__(self, "kind", RequesterKind(self.kind))
        except ValueError:
            raise InvalidInput(f"'{self.kind}' is not a kind of requester: 'contact' or 'client_user'.") from None


@dataclass(frozen=True)
class Attachment:
    """A file's description; the bytes are stored elsewhere, found again by their sha256."""

    name: str
    content_type: str
    size: int
    sha256: str

    def as_data(self) -> dict[str, Any]:
        """The checked, JSON-ready form an event records."""
        name = self.name.strip()
        content_type = self.content_type.strip().lower()
        digest = self.sha256.strip().lower()
        if not name or len(name) > 255:
            raise InvalidInput("An attachment needs a name of at most 255 characters.")
        if not _CONTENT_TYPE.match(content_type):
            raise InvalidInput(f"'{self.content_type}' is not a media type (such as 'application/pdf').")
        if isinstance(self.size, bool) or not isinstance(self.size, int) or self.size < 0:
            raise InvalidInput("An attachment's size is a whole number of bytes.")
        if self.size > MAX_ATTACHMENT_BYTES:
            raise InvalidInput(f"'{name}' is larger than {MAX_ATTACHMENT_BYTES // (1024 * 1024)} MiB.")
        if not _SHA256.match(digest):
            raise InvalidInput(f"'{name}' needs the SHA-256 of its content, as 64 hexadecimal digits.")
        return {"name": name, "content_type": content_type, "size": self.size, "sha256": digest}


@dataclass(frozen=True)
class NewTicket:
    """What opening a ticket takes."""

    subject: str
    client_id: str
    requester: Requester
    message: str = ""
    project_id: str = ""
    priority: Priority = Priority.NORMAL
    category: str = ""
    attachments: tuple[Attachment, ...] = ()
    message_id: str = ""  # the email's Message-ID, when it came by email

    def __post_init__(self) -> None:
        try:
            object.__setattr__(self, "priority", Priority(self.priority))
        except ValueError:
            raise InvalidInput(f"'{self.priority}' is not a priority: low, normal, high or urgent.") from None


@dataclass(frozen=True)
class ClientMessage:
    """A message from the client's side: typed in the portal or received by email."""

    text: str
    author: Requester
    attachments: tuple[Attachment, ...] = ()
    message_id: str = ""  # the email's Message-ID, when it came by email


@dataclass(frozen=True)
class Escalation:
    """Handing a ticket to an admin: why, and what was tried already."""

    to_admin: UUID
    reason: str
    tried: str = ""


def subject_of(text: str) -> str:
    """A ticket's subject: one line, not blank, not too long."""
    subject = " ".join(text.split())
    if not subject:
        raise InvalidInput("A ticket needs a subject.")
    if len(subject) > MAX_SUBJECT:
        raise InvalidInput(f"A subject has at most {MAX_SUBJECT} characters.")
    return subject


def body_of(text: str, attachments: tuple[Attachment, ...], *, required: bool = True) -> str:
    """A message's text, trimmed; a message must say something or carry a file."""
    body = text.strip()
    if required and not body and not attachments:
        raise InvalidInput("A message needs some text or an attachment.")
    if len(body) > MAX_TEXT:
        raise InvalidInput(f"A message has at most {MAX_TEXT} characters.")
    return body


def attachments_of(attachments: tuple[Attachment, ...]) -> list[dict[str, Any]]:
    """The attachments as events record them."""
    return [attachment.as_data() for attachment in attachments]
