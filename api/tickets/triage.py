"""Inbound emails for staff: what arrived and where it went; held ones are released to a ticket or a client, or dismissed."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

from fastapi import Query, Response
from pydantic import BaseModel, ConfigDict, Field

from api.contract import resource_router
from api.deps import CommandCtx, ExpectedVersion, ReadConn, commands
from api.deps import ContainerDep as Container
from api.policy import ReaderScope, performs
from api.problems import ProblemError
from api.reads import MinPosition, wait_for_view
from api.schemas import CommandOut, Cursor, StrictInput, json_response, out
from api.tickets.schemas import TicketRequesterIn
from domain.tickets import Requester
from domain.tickets.inbound_commands import InboundEmailCommands
from projections.tickets.mailbox_queries import get_inbound, list_inbound

router = resource_router("/inbound-emails", "inbound-email")
TRIAGE = [performs("inbound_email.triage")]
Mail = Annotated[InboundEmailCommands, commands(InboundEmailCommands)]
VIEW = "support_mailbox"


class InboundEmailOut(BaseModel):
    """An email the support mailbox received, and where it went (`held`: waiting for staff)."""

    id: UUID
    message_id: str
    sender: str
    sender_name: str
    subject: str
    text: str
    attachments: int
    provider: str
    received_at: datetime
    status: Literal["received", "routed", "held", "released", "dismissed"]
    reason: str
    ticket_id: str
    outcome: str
    matched_by: str
    version: int


class InboundPageOut(BaseModel):
    items: list[InboundEmailOut]
    next_cursor: str | None


class InboundRelease(StrictInput):
    """Where a held email belongs: a ticket (as the client's reply), or a client (a new ticket from `requester`)."""

    model_config = ConfigDict(
        json_schema_extra={"oneOf": [{"required": ["ticket_id"]}, {"required": ["client_id", "requester"]}]}
    )

    ticket_id: UUID | None = None
    client_id: UUID | None = None
    requester: TicketRequesterIn | None = None


class InboundDismissal(StrictInput):
    """Why a held email is set aside (spam, nothing to do)."""

    reason: Annotated[str, Field(min_length=1, max_length=500)]


@router.get("", response_model=InboundPageOut, dependencies=TRIAGE)
def list_inbound_emails(  # noqa: PLR0913
    container: Container,
    conn: ReadConn,
    scope: ReaderScope,
    status: Annotated[Literal["received", "routed", "held", "released", "dismissed"] | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    cursor: Cursor = None,
    min_position: MinPosition = None,
) -> Response:
    """Emails received, newest first; `status=held` lists those waiting for staff to place them."""
    wait_for_view(conn, container, VIEW, min_position)
    page = list_inbound(conn, scope, status=status, limit=limit, cursor=cursor)
    return json_response(InboundPageOut.model_validate({"items": page.items, "next_cursor": page.next_cursor}))


@router.get("/{email_id}", response_model=InboundEmailOut, dependencies=TRIAGE)
def read_inbound_email(
    email_id: UUID, container: Container, conn: ReadConn, scope: ReaderScope, min_position: MinPosition = None
) -> Response:
    """One received email and where it went."""
    wait_for_view(conn, container, VIEW, min_position)
    row = get_inbound(conn, scope, email_id)
    if row is None:
        raise ProblemError(404, "Not found", f"No inbound email with id {email_id}.")
    return json_response(InboundEmailOut.model_validate(row))


@router.post("/{email_id}/release", response_model=CommandOut, dependencies=TRIAGE)
def release_inbound_email(
    email_id: UUID, body: InboundRelease, ctx: CommandCtx, mail: Mail, expected: ExpectedVersion
) -> CommandOut:
    """Place a held email: on a ticket as the client's reply, or as a new ticket for a client."""
    if body.ticket_id is not None and body.client_id is None and body.requester is None:
        return out(mail.release_to_ticket(ctx, email_id, body.ticket_id, expected_version=expected))
    if body.ticket_id is None and body.client_id is not None and body.requester is not None:
        person = Requester(body.requester.kind, str(body.requester.id))
        return out(mail.release_to_client(ctx, email_id, str(body.client_id), person, expected_version=expected))
    raise ProblemError(422, "Invalid request", "Give either ticket_id, or client_id with requester.")


@router.post("/{email_id}/dismissal", response_model=CommandOut, dependencies=TRIAGE)
def dismiss_inbound_email(
    email_id: UUID, body: InboundDismissal, ctx: CommandCtx, mail: Mail, expected: ExpectedVersion
) -> CommandOut:
    """Set a held email aside, saying why; it stays on record."""
    return out(mail.dismiss(ctx, email_id, body.reason, expected_version=expected))
