"""Leads: the sales pipeline."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal
from uuid import UUID

from fastapi import Query, Response, status

from api.contract import resource_router
from api.deps import CommandCtx, ContainerDep, ExpectedVersion, ReadConn
from api.policy import ReaderScope, performs
from api.problems import ProblemError
from api.reads import MinPosition, wait_for_view
from api.routes.lead_schemas import (
    LeadAtVersionOut,
    LeadCreate,
    LeadDetailOut,
    LeadNoteCreate,
    LeadNotePageOut,
    LeadPageOut,
    LeadReopen,
    LeadStatusChange,
    LeadUpdate,
)
from api.schemas import ETAG, LOCATION, NO_NUL, CommandOut, Cursor, IsoDateTime, json_response, out
from domain.leads import Lead, LeadStatus, NewLead
from domain.leads.details import LeadChanges
from domain.leads.history import notes_up_to
from projections.leads.queries import LeadFilter, get_lead, lead_notes, list_leads

router = resource_router("/leads", "leads")
READ, WRITE = [performs("leads.read")], [performs("leads.write")]
VIEW = "lead_pipeline"
CLEARED_BY_NULL = frozenset({"owner_id", "follow_up_on"})


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=CommandOut,
    dependencies=WRITE,
    responses={201: {"headers": LOCATION}},
)
def create_lead(body: LeadCreate, ctx: CommandCtx, container: ContainerDep, response: Response) -> CommandOut:
    """Register a new lead in status `new`."""
    result = container.leads.register(
        ctx,
        NewLead(
            name=body.name,
            company=body.company,
            email=str(body.email or ""),
            phone=body.phone,
            source=body.source,
            notes=body.notes,
            website=body.website,
        ),
    )
    response.headers["Location"] = f"/leads/{result.id}"
    return out(result)


@router.get("", response_model=LeadPageOut, dependencies=READ)
def list_pipeline(  # noqa: PLR0913
    container: ContainerDep,
    conn: ReadConn,
    scope: ReaderScope,
    status_: Annotated[list[LeadStatus] | None, Query(alias="status", description="One or more statuses")] = None,
    source: Annotated[str | None, Query(max_length=100, pattern=NO_NUL)] = None,
    created_from: Annotated[IsoDateTime | None, Query(description="Created at or after (RFC 3339)")] = None,
    created_to: Annotated[IsoDateTime | None, Query(description="Created before (RFC 3339)")] = None,
    q: Annotated[
        str | None, Query(max_length=200, pattern=NO_NUL, description="Text in name, company or email")
    ] = None,
    sort: Literal["created", "updated"] = "created",
    order: Literal["asc", "desc"] = "desc",
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    cursor: Cursor = None,
    min_position: MinPosition = None,
) -> Response:
    """List leads with filters, counts per status and cursor pagination."""
    wait_for_view(conn, container, VIEW, min_position)
    page = list_leads(
        conn,
        scope,
        LeadFilter(
            status=[s.value for s in status_] if status_ else None,
            source=source,
            created_from=created_from,
            created_to=created_to,
            text=q,
        ),
        sort=sort,
        order=order,
        limit=limit,
        cursor=cursor,
    )
    return json_response(LeadPageOut.model_validate(page, from_attributes=True))


@router.get(
    "/{lead_id}",
    response_model=LeadDetailOut | LeadAtVersionOut,
    dependencies=READ,
    responses={200: {"headers": ETAG}},
)
def read_lead(
    lead_id: UUID,
    container: ContainerDep,
    conn: ReadConn,
    scope: ReaderScope,
    version: Annotated[int | None, Query(ge=1, description="Rebuild the lead as it was at this version")] = None,
    min_position: MinPosition = None,
) -> LeadAtVersionOut | Response:
    """One lead with its notes; with `version`, the lead as it stood then."""
    if version is not None:
        lead = container.app.load(Lead, lead_id, version=version)
        return LeadAtVersionOut(
            id=lead.id,
            version=lead.version,
            as_of=lead.modified_on,
            name=lead.name,
            company=lead.company,
            email=lead.email,
            phone=lead.phone,
            source=lead.source,
            website=lead.website,
            status=lead.status,
            lost_reason=lead.lost_reason,
            client_id=lead.client_id,
            owner_id=lead.owner_id,
            follow_up_on=date.fromisoformat(lead.follow_up_on) if lead.follow_up_on else None,
            notes=notes_up_to(container.app, lead_id, version),
        )
    wait_for_view(conn, container, VIEW, min_position)
    row = get_lead(conn, scope, lead_id)
    if row is None:
        raise ProblemError(404, "Not found", f"No lead with id {lead_id}.")
    return json_response(LeadDetailOut.model_validate(row), headers={"ETag": f'"{row["version"]}"'})


@router.post("/{lead_id}/status", response_model=CommandOut, dependencies=WRITE)
def change_lead_status(
    lead_id: UUID, body: LeadStatusChange, ctx: CommandCtx, container: ContainerDep, expected: ExpectedVersion
) -> CommandOut:
    """Move a lead along the pipeline, or mark it lost with a reason (converting is POST /leads/{id}/convert)."""
    to = LeadStatus(body.status.value)
    result = container.leads.change_status(ctx, lead_id, to, reason=body.reason, expected_version=expected)
    return out(result)


@router.post("/{lead_id}/notes", response_model=CommandOut, status_code=status.HTTP_201_CREATED, dependencies=WRITE)
def add_lead_note(
    lead_id: UUID, body: LeadNoteCreate, ctx: CommandCtx, container: ContainerDep, expected: ExpectedVersion
) -> CommandOut:
    """Add a note to a lead (allowed in every status)."""
    result = container.leads.add_note(ctx, lead_id, body.text, expected_version=expected)
    return out(result)


@router.patch("/{lead_id}", response_model=CommandOut, dependencies=WRITE)
def edit_lead(
    lead_id: UUID, body: LeadUpdate, ctx: CommandCtx, container: ContainerDep, expected: ExpectedVersion
) -> CommandOut:
    """Correct a lead's details, its owner or its follow-up date (recorded with the values before and after)."""
    sent = body.model_dump(exclude_unset=True)
    # null clears the owner or the follow-up date; for any other field it changes nothing.
    values = {k: "" if v is None else str(v) for k, v in sent.items() if v is not None or k in CLEARED_BY_NULL}
    changes = LeadChanges(**values)
    result = container.leads.edit(ctx, lead_id, changes, expected_version=expected)
    return out(result)


@router.post("/{lead_id}/reopen", response_model=CommandOut, dependencies=[performs("leads.reopen")])
def reopen_lead(
    lead_id: UUID, body: LeadReopen, ctx: CommandCtx, container: ContainerDep, expected: ExpectedVersion
) -> CommandOut:
    """Reopen a lost lead (admins), saying why: it returns to the status it was lost from."""
    result = container.leads.reopen(ctx, lead_id, body.reason, expected_version=expected)
    return out(result)


@router.get("/{lead_id}/notes", response_model=LeadNotePageOut, dependencies=READ)
def list_lead_notes(  # noqa: PLR0913
    lead_id: UUID,
    container: ContainerDep,
    conn: ReadConn,
    scope: ReaderScope,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    cursor: Cursor = None,
    min_position: MinPosition = None,
) -> Response:
    """A lead's notes, newest first, a page at a time (the detail shows the latest 50)."""
    wait_for_view(conn, container, VIEW, min_position)
    page = lead_notes(conn, scope, lead_id, limit=limit, cursor=cursor)
    if page is None:
        raise ProblemError(404, "Not found", f"No lead with id {lead_id}.")
    return json_response(LeadNotePageOut.model_validate(page, from_attributes=True))
