"""POST /webhooks/inbound-email: an email for the support mailbox, signed by the relay that received it.

Authentication: ``X-Baton-Signature: sha256=<hex>``, the HMAC-SHA256 of the
raw request body under ``BATON_INBOUND_EMAIL_SECRET``; a missing or wrong
signature answers 401 and records nothing. Bodies: ``application/json`` is
Postmark's inbound JSON; anything else is read as a raw RFC 5322 message
(``message/rfc822``), as an MTA pipe or a provider's raw upload sends it.
The email is recorded first (its raw bytes and attachments stored by content),
then routed by the inbound process; the same Message-ID again changes nothing.
"""

from __future__ import annotations

import hashlib
import hmac
import io
from typing import Annotated, Any

from fastapi import Header, Request, Response, status
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from api.contract import problem_answer, resource_router
from api.deps import ContainerDep as Container
from api.policy import performs
from api.problems import ProblemError
from api.projects.documents import store
from api.projects.files import FileTooLarge
from api.services import Services
from api.tickets.desk import desk_of
from api.tickets.files import limit_of
from api.tickets.mail_shapes import MalformedEmail, ParsedEmail, parse_postmark, parse_raw
from domain.context import Actor, CommandContext
from domain.tickets import Attachment
from domain.tickets.inbound_commands import InboundEmailCommands
from domain.tickets.inbound_email import ReceivedEmail, inbound_email_id

router = resource_router("/webhooks", "inbound-email")
MAILBOX = Actor.system("inbound-email")
_PERSON = {"type": "object", "properties": {"Email": {"type": "string"}, "Name": {"type": "string"}}}
POSTMARK_SCHEMA = {
    "type": "object",
    "description": "Postmark's inbound webhook JSON (fields Baton reads; others are ignored)",
    "properties": {
        "FromFull": _PERSON,
        "ToFull": {"type": "array", "items": _PERSON},
        "CcFull": {"type": "array", "items": _PERSON},
        "Subject": {"type": "string"},
        "TextBody": {"type": "string"},
        "HtmlBody": {"type": "string"},
        "Headers": {
            "type": "array",
            "items": {"type": "object", "properties": {"Name": {"type": "string"}, "Value": {"type": "string"}}},
        },
        "Attachments": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "Name": {"type": "string"},
                    "ContentType": {"type": "string"},
                    "Content": {"type": "string"},
                },
            },
        },
    },
}
REQUEST_BODY = {
    "required": True,
    "content": {
        "message/rfc822": {"schema": {"type": "string", "format": "binary"}},
        "application/json": {"schema": POSTMARK_SCHEMA},
    },
}


class InboundAccepted(BaseModel):
    """The email is on record (or was already: `repeat`); it is placed on a ticket, or held for triage, shortly."""

    id: str
    repeat: bool
    position: int


def signed(secret: bytes, body: bytes, signature: str | None) -> bool:
    """Whether ``signature`` is ``sha256=<hex>`` of ``body`` under ``secret`` (never, with no secret)."""
    if not secret or not signature:
        return False
    expected = "sha256=" + hmac.new(secret, body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected.encode(), signature.strip().lower().encode())


def _record(
    container: Services, parsed: ParsedEmail, raw: bytes, provider: str, ctx: CommandContext
) -> InboundAccepted:
    files, limit = store(container), limit_of(container)
    try:
        kept = files.keep(io.BytesIO(raw), limit + 64 * 1024)
        attachments = tuple(
            Attachment(a.name, a.content_type, (stored := files.keep(io.BytesIO(a.content), limit)).size, stored.sha256)
            for a in parsed.attachments
        )
    except FileTooLarge:
        raise ProblemError(413, "Email too large", f"An email or attachment can be at most {limit} bytes.") from None
    email = ReceivedEmail(
        message_id=parsed.message_id,
        sender=parsed.sender,
        sender_name=parsed.sender_name,
        recipients=parsed.recipients,
        subject=parsed.subject,
        text=parsed.text,
        in_reply_to=parsed.in_reply_to,
        references=parsed.references,
        attachments=attachments,
        provider=provider,
        raw_sha256=kept.sha256,
        raw_size=kept.size,
    )
    result = container.commands(InboundEmailCommands).receive(ctx, email)
    email_id = str(inbound_email_id(parsed.message_id))
    return InboundAccepted(id=email_id, repeat=result is None, position=result.position if result else 0)


@router.post(
    "/inbound-email",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=InboundAccepted,
    dependencies=[performs("inbound_email.deliver")],
    responses={401: problem_answer(401)},
    openapi_extra={"requestBody": REQUEST_BODY},
)
async def receive_inbound_email(
    request: Request,
    container: Container,
    signature: Annotated[
        str | None, Header(alias="X-Baton-Signature", max_length=200, description="sha256=<hex HMAC of the raw body>")
    ] = None,
) -> Response:
    """Receive an email for the support mailbox (raw RFC 5322, or Postmark's JSON), signed with the shared secret."""
    raw = await request.body()
    if not signed(desk_of(container).inbound_secret, raw, signature):
        raise ProblemError(
            401,
            "Not authenticated",
            "The signature is missing or wrong: sign the raw body (X-Baton-Signature: sha256=<hex HMAC-SHA256>).",
        )
    json_body = request.headers.get("content-type", "").split(";")[0].strip().lower() == "application/json"
    try:
        parsed = parse_postmark(raw) if json_body else parse_raw(raw)
    except MalformedEmail as exc:
        raise ProblemError(422, "Malformed email", str(exc)) from None
    cid = getattr(request.state, "correlation_id", "") or parsed.message_id
    ctx = CommandContext(actor=MAILBOX, now=container.clock.now(), correlation_id=cid)
    accepted: Any = await run_in_threadpool(_record, container, parsed, raw, "postmark" if json_body else "raw", ctx)
    return Response(accepted.model_dump_json(), status_code=202, media_type="application/json")
