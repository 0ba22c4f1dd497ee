"""Leads: the sales pipeline."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

from fastapi import APIRouter, Query, Response, status

from api.deps import CommandCtx, ContainerDep, ExpectedVersion, ReadConn, wait_for_projection
from api.problems import ProblemError
from api.routes.lead_schemas import (
    LeadAtVersionOut,
    LeadCreate,
    LeadDetailOut,
    LeadNoteCreate,
    LeadPageOut,
    LeadStatusChange,
)
from api.schemas import CommandOut, json_response
from domain.leads import Lead, LeadStatus
from domain.leads.history import notes_up_to
from projections.lead_queries import LeadFilter, get_lead, list_leads

router = APIRouter(prefix="/leads", tags=["leads"])

MinPosition = Annotated[
    int | None, Query(ge=0, description="Wait (bounded) until the view has applied this log position.")
]


@router.post("", status_code=status.HTTP_201_CREATED, response_model=CommandOut)
def create_lead(body: LeadCreate, ctx: CommandCtx, container: ContainerDep, response: Response) -> CommandOut:
    """Register a new lead in status `new`."""
    result = container.leads.register(
        ctx,
        name=body.name,
        company=body.company,
        email=str(body.email or ""),
        phone=body.phone,
        source=body.source,
        notes=body.notes,
        website=body.website,
    )
    response.headers["Location"] = f"/leads/{result.id}"
    return CommandOut(id=result.id, version=result.version, position=result.position)


@router.get("", response_model=LeadPageOut)
def list_pipeline(  # noqa: PLR0913
    container: ContainerDep,
    conn: ReadConn,
    status_: Annotated[list[LeadStatus] | None, Query(alias="status", description="One or more statuses")] = None,
    source: Annotated[str | None, Query(max_length=100)] = None,
    created_from: Annotated[datetime | None, Query(description="Created at or after (ISO 8601)")] = None,
    created_to: Annotated[datetime | None, Query(description="Created before (ISO 8601)")] = None,
    q: Annotated[str | None, Query(max_length=200, description="Text in name, company or email")] = None,
    sort: Literal["created", "updated"] = "created",
    order: Literal["asc", "desc"] = "desc",
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    cursor: Annotated[str | None, Query(max_length=500)] = None,
    min_position: MinPosition = None,
) -> Response:
    """List leads with filters, counts per status and cursor pagination."""
    if created_from and created_to and created_from >= created_to:
        raise ProblemError(422, "Invalid date range", "'created_from' must be before 'created_to'.")
    wait_for_projection(container, "lead_pipeline", min_position)
    page = list_leads(
        conn,
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


@router.get("/{lead_id}", response_model=LeadDetailOut | LeadAtVersionOut)
def read_lead(
    lead_id: UUID,
    container: ContainerDep,
    conn: ReadConn,
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
            notes=notes_up_to(container.app, lead_id, version),
        )
    wait_for_projection(container, "lead_pipeline", min_position)
    row = get_lead(conn, lead_id)
    if row is None:
        raise ProblemError(404, "Not found", f"No lead with id {lead_id}.")
    return json_response(LeadDetailOut.model_validate(row), headers={"ETag": f'"{row["version"]}"'})


@router.post("/{lead_id}/status", response_model=CommandOut)
def change_lead_status(
    lead_id: UUID, body: LeadStatusChange, ctx: CommandCtx, container: ContainerDep, expected: ExpectedVersion
) -> CommandOut:
    """Move a lead along the pipeline, or mark it lost with a reason."""
    result = container.leads.change_status(ctx, lead_id, body.status, reason=body.reason, expected_version=expected)
    return CommandOut(id=result.id, version=result.version, position=result.position)


@router.post("/{lead_id}/notes", response_model=CommandOut, status_code=status.HTTP_201_CREATED)
def add_lead_note(
    lead_id: UUID, body: LeadNoteCreate, ctx: CommandCtx, container: ContainerDep, expected: ExpectedVersion
) -> CommandOut:
    """Add a note to a lead (allowed in every status)."""
    result = container.leads.add_note(ctx, lead_id, body.text, expected_version=expected)
    return CommandOut(id=result.id, version=result.version, position=result.position)
