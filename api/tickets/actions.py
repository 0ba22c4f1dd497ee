"""Work on a ticket: the client's messages, staff replies and internal notes, status, assignee, priority, escalation."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import status

from api.contract import resource_router
from api.deps import CommandCtx, ExpectedVersion, commands
from api.deps import ContainerDep as Container
from api.policy import ReaderScope, performs
from api.schemas import CommandOut, out
from api.tickets.files import checked_attachments
from api.tickets.schemas import (
    TicketAssigneeChange,
    TicketEscalationCreate,
    TicketMessageCreate,
    TicketPriorityChange,
    TicketStatusChange,
)
from domain.tickets import ClientMessage, Escalation, Requester, RequesterKind
from domain.tickets.commands import TicketCommands
from domain.tickets.errors import TicketClosed

router = resource_router("/tickets", "tickets")
Tickets = Annotated[TicketCommands, commands(TicketCommands)]
MANAGE = [performs("tickets.manage")]


@router.post(
    "/{ticket_id}/messages",
    status_code=status.HTTP_201_CREATED,
    response_model=CommandOut,
    dependencies=[performs("tickets.message")],
)
def write_message(
    ticket_id: UUID,
    body: TicketMessageCreate,
    ctx: CommandCtx,
    scope: ReaderScope,
    container: Container,
    tickets: Tickets,
) -> CommandOut:
    """A client user writes on their organisation's ticket; it reopens one waiting on them or resolved.

    On a closed ticket the message opens a new ticket linked to it: the answer's `id` is then that ticket's.
    """
    files = checked_attachments(container, body.attachments)
    author = Requester(RequesterKind.CLIENT_USER, str(scope.user_id))
    message = ClientMessage(body.text, author, files)
    result = tickets.reply_from_client(ctx, ticket_id, message)
    assert result is not None  # only an email's Message-ID makes a message a repeat
    return out(result)


@router.post(
    "/{ticket_id}/replies",
    status_code=status.HTTP_201_CREATED,
    response_model=CommandOut,
    dependencies=[performs("tickets.reply", raises=(TicketClosed,))],
)
def reply_to_client(
    ticket_id: UUID,
    body: TicketMessageCreate,
    ctx: CommandCtx,
    container: Container,
    tickets: Tickets,
    expected: ExpectedVersion,
) -> CommandOut:
    """Answer the client: they see it in the portal and receive it by email (the ticket's assignee or an admin)."""
    files = checked_attachments(container, body.attachments)
    return out(tickets.reply(ctx, ticket_id, body.text, files, expected_version=expected))


@router.post(
    "/{ticket_id}/notes",
    status_code=status.HTTP_201_CREATED,
    response_model=CommandOut,
    dependencies=[performs("tickets.note", raises=(TicketClosed,))],
)
def add_internal_note(
    ticket_id: UUID,
    body: TicketMessageCreate,
    ctx: CommandCtx,
    container: Container,
    tickets: Tickets,
    expected: ExpectedVersion,
) -> CommandOut:
    """Add an internal note: staff only, never shown or emailed to the client (any staff member may)."""
    files = checked_attachments(container, body.attachments)
    return out(tickets.add_internal_note(ctx, ticket_id, body.text, files, expected_version=expected))


@router.post("/{ticket_id}/status", response_model=CommandOut, dependencies=MANAGE)
def change_ticket_status(
    ticket_id: UUID, body: TicketStatusChange, ctx: CommandCtx, tickets: Tickets, expected: ExpectedVersion
) -> CommandOut:
    """Move the ticket; a refused move names the current status and the allowed ones (`closed`: admins)."""
    return out(tickets.change_status(ctx, ticket_id, body.status, expected_version=expected))


@router.post("/{ticket_id}/assignee", response_model=CommandOut, dependencies=MANAGE)
def assign_ticket(
    ticket_id: UUID, body: TicketAssigneeChange, ctx: CommandCtx, tickets: Tickets, expected: ExpectedVersion
) -> CommandOut:
    """Give the ticket to an active staff member (admins, or the employee it is assigned to)."""
    return out(tickets.assign(ctx, ticket_id, body.assignee_id, expected_version=expected))


@router.post("/{ticket_id}/priority", response_model=CommandOut, dependencies=MANAGE)
def change_ticket_priority(
    ticket_id: UUID, body: TicketPriorityChange, ctx: CommandCtx, tickets: Tickets, expected: ExpectedVersion
) -> CommandOut:
    """Raise or lower the priority (lowering needs a reason); the SLA timers follow."""
    return out(tickets.change_priority(ctx, ticket_id, body.priority, reason=body.reason, expected_version=expected))


@router.post("/{ticket_id}/escalation", response_model=CommandOut, dependencies=MANAGE)
def escalate_ticket(
    ticket_id: UUID, body: TicketEscalationCreate, ctx: CommandCtx, tickets: Tickets, expected: ExpectedVersion
) -> CommandOut:
    """Escalate to an admin with why and what was tried (staff-only); they are told and must acknowledge."""
    escalation = Escalation(body.to_admin, body.reason, body.tried)
    return out(tickets.escalate(ctx, ticket_id, escalation, expected_version=expected))


@router.post("/{ticket_id}/escalation/acknowledgement", response_model=CommandOut, dependencies=MANAGE)
def acknowledge_escalation(ticket_id: UUID, ctx: CommandCtx, tickets: Tickets) -> CommandOut:
    """The admin the ticket was escalated to takes it on."""
    return out(tickets.acknowledge_escalation(ctx, ticket_id))
