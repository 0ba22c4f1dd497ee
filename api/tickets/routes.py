"""Tickets: open, list the queue (staff) or the organisation's tickets (client users), read one with its thread."""

from __future__ import annotations

from typing import Annotated, Literal
from uuid import UUID

from fastapi import Query, Response, status

from api.contract import problem_answer, resource_router
from api.deps import CommandCtx, ReadConn, commands
from api.deps import ContainerDep as Container
from api.policy import ReaderScope, performs
from api.problems import ProblemError
from api.reads import MinPosition, wait_for_view
from api.schemas import ETAG, LOCATION, NO_NUL, CommandOut, Cursor, IsoDateTime, json_response, out
from api.tickets.files import checked_attachments
from api.tickets.history import ticket_at_version
from api.tickets.schemas import (
    ClientTicketDetailOut,
    TicketAtVersionOut,
    TicketCreate,
    TicketDetailOut,
    TicketPageOut,
)
from api.tickets.views import entry_out, ticket_out
from domain.clients.aggregate import Client
from domain.errors import InvalidInput, NotFound, NotPermitted
from domain.projects import Project
from domain.tickets import NewTicket, Priority, Requester, RequesterKind, TicketStatus
from domain.tickets.commands import TicketCommands
from projections.scope import Scope
from projections.tickets.queries import TicketFilter, get_ticket, list_tickets

router = resource_router("/tickets", "tickets")
READ, OPEN = [performs("tickets.read")], [performs("tickets.open")]
VIEW = "ticket_queue"
Tickets = Annotated[TicketCommands, commands(TicketCommands)]
SlaState = Literal["ok", "at_risk", "breached"]


def _new_ticket(body: TicketCreate, scope: Scope, tickets: TicketCommands) -> NewTicket:
    """The ticket to open: a client user's for their own organisation; staff name the client and requester."""
    if scope.is_client:
        if body.client_id is not None and str(body.client_id) != scope.client_id:
            raise NotPermitted("Client users open tickets for their own organisation only.")
        if body.requester is not None and body.requester.id != scope.user_id:
            raise NotPermitted("A client user opens tickets in their own name.")
        client_id, requester = scope.client_id, Requester(RequesterKind.CLIENT_USER, str(scope.user_id))
    else:
        if not body.client_id or body.requester is None:
            raise InvalidInput("Staff opening a ticket name the client (client_id) and who asked (requester).")
        if tickets.find(Client, body.client_id) is None:
            raise NotFound(f"No client with id {body.client_id}.")
        client_id, requester = str(body.client_id), Requester(body.requester.kind, str(body.requester.id))
    if body.project_id is not None:
        project = tickets.find(Project, body.project_id)
        if project is None or project.client_id != client_id:
            raise InvalidInput(f"Project {body.project_id} is not one of this client's projects.")
    return NewTicket(
        subject=body.subject,
        client_id=client_id,
        requester=requester,
        message=body.message,
        project_id=str(body.project_id or ""),
        priority=body.priority,
        category=body.category,
        attachments=tuple(a.value() for a in body.attachments),
    )


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=CommandOut,
    dependencies=OPEN,
    responses={201: {"headers": LOCATION}, 404: problem_answer(404)},
)
def open_ticket(
    body: TicketCreate, ctx: CommandCtx, scope: ReaderScope, container: Container, tickets: Tickets, response: Response
) -> CommandOut:
    """Open a ticket: a client user for their organisation, staff on a client's behalf (an urgent category raises it)."""
    new = _new_ticket(body, scope, tickets)
    checked_attachments(container, body.attachments)
    result = tickets.open(ctx, new)
    assert result is not None  # only an email's Message-ID can make opening a repeat
    response.headers["Location"] = f"/tickets/{result.id}"
    return out(result)


@router.get("", response_model=TicketPageOut, dependencies=READ)
def list_ticket_queue(  # noqa: PLR0913
    container: Container,
    conn: ReadConn,
    scope: ReaderScope,
    status_: Annotated[list[TicketStatus] | None, Query(alias="status", description="One or more statuses")] = None,
    priority: Annotated[list[Priority] | None, Query(description="One or more priorities")] = None,
    assignee: Annotated[
        str,
        Query(
            max_length=40,
            pattern="^(me|anyone|nobody|[0-9a-fA-F-]{36})$",
            description="Staff: `me` (default), `anyone`, `nobody` (unassigned) or a user id",
        ),
    ] = "me",
    client_id: Annotated[str | None, Query(max_length=100, pattern=NO_NUL)] = None,
    sla: Annotated[list[SlaState] | None, Query(description="Staff: SLA state, one or more")] = None,
    q: Annotated[str | None, Query(max_length=200, pattern=NO_NUL, description="Text in the subject")] = None,
    created_from: Annotated[IsoDateTime | None, Query(description="Opened at or after (RFC 3339)")] = None,
    created_to: Annotated[IsoDateTime | None, Query(description="Opened before (RFC 3339)")] = None,
    updated_from: Annotated[IsoDateTime | None, Query(description="Last activity at or after")] = None,
    updated_to: Annotated[IsoDateTime | None, Query(description="Last activity before")] = None,
    sort: Annotated[
        Literal["activity", "due", "created"], Query(description="`due`: soonest SLA due time first")
    ] = "activity",
    order: Annotated[
        Literal["asc", "desc"] | None, Query(description="Default: due ascending, others newest first")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    cursor: Cursor = None,
    min_position: MinPosition = None,
) -> Response:
    """Staff: the queue (mine by default), filtered and sorted. Client users: their organisation's tickets."""
    wait_for_view(conn, container, VIEW, min_position)
    whose = {"me": str(scope.user_id), "anyone": None, "nobody": ""}.get(assignee, assignee.lower())
    f = TicketFilter(
        status=[s.value for s in status_] if status_ else None,
        priority=[p.value for p in priority] if priority else None,
        assignee=whose,
        client_id=client_id,
        sla=list(sla) if sla else None,
        text=q,
        created_from=created_from,
        created_to=created_to,
        updated_from=updated_from,
        updated_to=updated_to,
    )
    descending = None if order is None else order == "desc"
    page = list_tickets(conn, scope, f, sort=sort, descending=descending, limit=limit, cursor=cursor)
    items = [ticket_out(row, staff=scope.is_staff) for row in page.items]
    return json_response(TicketPageOut(items=items, next_cursor=page.next_cursor, counts=page.counts))


@router.get(
    "/{ticket_id}",
    response_model=TicketDetailOut | ClientTicketDetailOut | TicketAtVersionOut,
    dependencies=READ,
    responses={200: {"headers": ETAG}},
)
def read_ticket(
    ticket_id: UUID,
    container: Container,
    conn: ReadConn,
    scope: ReaderScope,
    tickets: Tickets,
    version: Annotated[
        int | None, Query(ge=1, le=1_000_000, description="The ticket as it stood at this version")
    ] = None,
    min_position: MinPosition = None,
) -> Response:
    """One ticket with its latest thread entries (client users: never an internal note); with `version`, as it was."""
    wait_for_view(conn, container, VIEW, min_position)
    row = get_ticket(conn, scope, ticket_id)
    if row is None:
        raise ProblemError(404, "Not found", f"No ticket with id {ticket_id}.")
    if version is not None:
        return json_response(ticket_at_version(tickets, ticket_id, version, staff=scope.is_staff))
    staff = scope.is_staff
    ticket = ticket_out(row, staff=staff).model_dump()
    thread = [entry_out(e, staff=staff) for e in row["thread"]]
    detail = (TicketDetailOut if staff else ClientTicketDetailOut).model_validate(
        {**ticket, "thread": [e.model_dump() for e in thread], "thread_total": row["thread_total"]}
    )
    headers = {"ETag": f'"{row["version"]}"'} if staff else None
    return json_response(detail, headers=headers)
