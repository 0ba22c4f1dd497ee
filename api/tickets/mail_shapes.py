"""Inbound email in the shapes mail providers deliver it: a raw RFC 5322 message, or Postmark's inbound JSON.

Both become one ``ParsedEmail``: sender, recipients (To then Cc), subject,
the new text (the quoted earlier mail cut away; HTML turned into text when
there is no plain part), Message-ID, In-Reply-To, References and attachments
with their bytes. A message without one (or without a sender) is refused as
malformed; one without a Message-ID gets one from the SHA-256 of its bytes,
so the same delivery twice is still one email. NUL characters are removed.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import html
import json
import re
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from email.utils import getaddresses, parseaddr
from typing import Any

from domain.tickets.quoted_text import strip_quoted_reply

_MEDIA_TYPE = re.compile(r"^[a-z0-9][a-z0-9!#$&^_.+-]*/[a-z0-9][a-z0-9!#$&^_.+-]*$")
_MESSAGE_IDS = re.compile(r"<[^<>\s\x00-\x1f\x7f]{1,500}>")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
MAX_ATTACHMENTS = 20


class MalformedEmail(ValueError):
    """The delivery is not an email Baton can read (the message says why)."""


@dataclass(frozen=True)
class ParsedAttachment:
    name: str
    content_type: str
    content: bytes


@dataclass(frozen=True)
class ParsedEmail:
    message_id: str
    sender: str
    sender_name: str
    recipients: tuple[str, ...]
    subject: str
    text: str
    in_reply_to: str
    references: tuple[str, ...]
    attachments: tuple[ParsedAttachment, ...] = field(default=())


def clean(text: str, limit: int) -> str:
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\x00", ""))[:limit]


def html_to_text(markup: str) -> str:
    """The words of an HTML body: blocks and line breaks as new lines, tags dropped, entities decoded."""
    without = re.sub(r"(?is)<(script|style)\b.*?</\1>", "", markup)
    lined = re.sub(r"(?i)<\s*(br|/p|/div|/li|/tr|/h[1-6])\s*/?>", "\n", without)
    return html.unescape(re.sub(r"<[^>]*>", "", lined))


def _ids(value: str) -> tuple[str, ...]:
    return tuple(_MESSAGE_IDS.findall(value or ""))


def _message_id(value: str, raw: bytes) -> str:
    found = _ids(value)
    return found[0] if found else f"<{hashlib.sha256(raw).hexdigest()}@inbound.baton>"


def _media(value: str) -> str:
    kind = (value or "").split(";")[0].strip().lower()
    return kind if _MEDIA_TYPE.match(kind) else "application/octet-stream"


def _name(value: str | None, index: int) -> str:
    name = clean(" ".join((value or "").split()), 255).strip()
    return name or f"attachment-{index}"


def _finish(sender: tuple[str, str], **fields: Any) -> ParsedEmail:
    name, address = sender
    address = clean(address, 320).strip().lower()
    if "@" not in address:
        raise MalformedEmail("The email has no sender address (From).")
    text = strip_quoted_reply(clean(fields.pop("body"), 200_000))
    return ParsedEmail(sender=address, sender_name=clean(name, 200), text=text, **fields)


def parse_raw(raw: bytes) -> ParsedEmail:
    """Read an RFC 5322 message (as an MTA or a provider's raw upload delivers it)."""
    if not raw.strip():
        raise MalformedEmail("The body is empty: send the raw email (message/rfc822).")
    try:
        message = message_from_bytes(raw, policy=policy.default)
        if not isinstance(message, EmailMessage) or not message.keys():
            raise MalformedEmail("The body is not an email: no headers found.")
        recipients = [
            a for _, a in getaddresses([str(v) for v in message.get_all("To", []) + message.get_all("Cc", [])])
        ]
        part = message.get_body(("plain", "html"))
        body = ""
        if part is not None:
            content = part.get_content()
            body = content if isinstance(content, str) else content.decode("utf-8", "replace")
            body = html_to_text(body) if part.get_content_subtype() == "html" else body
        attachments = []
        for index, attachment in enumerate(message.iter_attachments(), 1):
            if index > MAX_ATTACHMENTS:
                break
            content = attachment.get_content()
            data = content.encode() if isinstance(content, str) else bytes(content)
            attachments.append(
                ParsedAttachment(_name(attachment.get_filename(), index), _media(attachment.get_content_type()), data)
            )
        return _finish(
            parseaddr(str(message.get("From", ""))),
            message_id=_message_id(str(message.get("Message-ID", "")), raw),
            recipients=tuple(clean(r, 320) for r in recipients if "@" in r)[:50],
            subject=clean(" ".join(str(message.get("Subject", "")).split()), 998),
            body=body,
            in_reply_to=next(iter(_ids(str(message.get("In-Reply-To", "")))), ""),
            references=_ids(str(message.get("References", "")))[-50:],
            attachments=tuple(attachments),
        )
    except MalformedEmail:
        raise
    except Exception as exc:  # the email package raises many kinds on broken input: all are the sender's
        raise MalformedEmail(f"The email could not be read: {type(exc).__name__}.") from None


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _addresses(entries: Any) -> list[str]:
    found = (parseaddr(_text(e.get("Email")))[1] for e in _list(entries) if isinstance(e, dict))
    return [address for address in found if "@" in address]


def parse_postmark(raw: bytes) -> ParsedEmail:
    """Read Postmark's inbound webhook JSON (FromFull, ToFull, CcFull, Subject, TextBody, HtmlBody, Headers, ...).

    Fields of the wrong type are treated as absent; a body that is not a JSON object is malformed.
    """
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise MalformedEmail("The body is not valid JSON.") from None
    if not isinstance(data, dict):
        raise MalformedEmail("Postmark's inbound JSON is an object.")
    headers = {
        _text(h.get("Name")).lower(): _text(h.get("Value")) for h in _list(data.get("Headers")) if isinstance(h, dict)
    }
    found = data.get("FromFull")
    sender: dict[str, Any] = found if isinstance(found, dict) else {}
    text = _text(data.get("TextBody"))
    if not text.strip():
        text = html_to_text(_text(data.get("HtmlBody")))
    attachments = []
    for index, item in enumerate(_list(data.get("Attachments"))[:MAX_ATTACHMENTS], 1):
        if not isinstance(item, dict):
            continue
        try:
            content = base64.b64decode(_text(item.get("Content")), validate=True)
        except (binascii.Error, ValueError):
            raise MalformedEmail(f"Attachment {index} is not base64.") from None
        name = item.get("Name") if isinstance(item.get("Name"), str) else None
        attachments.append(ParsedAttachment(_name(name, index), _media(_text(item.get("ContentType"))), content))
    address = parseaddr(_text(sender.get("Email")) or _text(data.get("From")))[1]
    return _finish(
        (_text(sender.get("Name")), address),
        message_id=_message_id(headers.get("message-id", ""), raw),
        recipients=tuple(clean(a, 320) for a in _addresses(data.get("ToFull")) + _addresses(data.get("CcFull")))[:50],
        subject=clean(" ".join(_text(data.get("Subject")).split()), 998),
        body=text,
        in_reply_to=next(iter(_ids(headers.get("in-reply-to", ""))), ""),
        references=_ids(headers.get("references", ""))[-50:],
        attachments=tuple(attachments),
    )
