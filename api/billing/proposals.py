"""Proposals: drafted and sent by admins, reviewed by staff, approved or declined by the client user."""

from __future__ import annotations

from typing import Annotated, Literal
from uuid import UUID

from fastapi import Query, Response, status

from api.billing.common import at_version, etag, found, may_see_history, named_in_body
from api.billing.invoice_schemas import InvoiceFromProposal
from api.billing.money import line_out, lines_of, lines_out, taxes_out
from api.billing.proposal_schemas import (
    Decision,
    ProposalAtVersionOut,
    ProposalCreate,
    ProposalDetailOut,
    ProposalPageOut,
    ProposalRevise,
    ReviewCommentCreate,
    Withdrawal,
)
from api.contract import resource_router
from api.deps import CommandCtx, ContainerDep, ExpectedVersion, ReadConn, commands
from api.policy import ReaderScope, performs
from api.reads import MinPosition, wait_for_view
from api.schemas import ETAG, LOCATION, NO_NUL, CommandOut, Cursor, json_response, out
from domain.billing.inputs import NewProposal
from domain.billing.invoice_commands import InvoiceCommands
from domain.billing.proposal import Proposal
from domain.billing.proposal_commands import ProposalCommands
from domain.billing.statuses import ProposalStatus
from projections.billing.proposal_queries import ProposalFilter, get_proposal, list_proposals

router = resource_router("/proposals", "proposals")
READ, MANAGE = [performs("proposals.read")], [performs("proposals.manage")]
COMMENT, DECIDE = [performs("proposals.comment")], [performs("proposals.decide")]
VIEW = "proposals"
Proposals = Annotated[ProposalCommands, commands(ProposalCommands)]
Invoices = Annotated[InvoiceCommands, commands(InvoiceCommands)]


@router.post(
    "", status_code=status.HTTP_201_CREATED, response_model=CommandOut, dependencies=MANAGE,
    responses={201: {"headers": LOCATION}},
)  # fmt: skip
def draft_proposal(body: ProposalCreate, ctx: CommandCtx, proposals: Proposals, response: Response) -> CommandOut:
    """Draft a proposal for a client or a qualified lead; totals are computed from the lines."""
    new = NewProposal(
        title=body.title,
        currency=body.currency,
        valid_until=body.valid_until,
        lines=lines_of(body.lines, body.currency),
        client_id=body.client_id or "",
        lead_id=str(body.lead_id) if body.lead_id else "",
    )
    with named_in_body():
        result = proposals.draft(ctx, new)
    response.headers["Location"] = f"/proposals/{result.id}"
    return out(result)


@router.get("", response_model=ProposalPageOut, dependencies=READ)
def list_all_proposals(  # noqa: PLR0913
    container: ContainerDep,
    conn: ReadConn,
    scope: ReaderScope,
    status_: Annotated[list[ProposalStatus] | None, Query(alias="status", description="One or more statuses")] = None,
    client_id: Annotated[str | None, Query(max_length=100, pattern=NO_NUL)] = None,
    lead_id: UUID | None = None,
    q: Annotated[str | None, Query(max_length=200, pattern=NO_NUL, description="Text in the title")] = None,
    sort: Literal["created", "updated"] = "created",
    order: Literal["asc", "desc"] = "desc",
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    cursor: Cursor = None,
    min_position: MinPosition = None,
) -> Response:
    """List proposals (a client user: their organisation's sent ones) with counts per status."""
    wait_for_view(conn, container, VIEW, min_position)
    f = ProposalFilter(
        status=[s.value for s in status_] if status_ else None,
        client_id=client_id,
        lead_id=str(lead_id) if lead_id else None,
        text=q,
    )
    page = list_proposals(conn, scope, f, sort=sort, order=order, limit=limit, cursor=cursor)
    return json_response(ProposalPageOut.model_validate(page, from_attributes=True))


@router.get(
    "/{proposal_id}",
    response_model=ProposalDetailOut | ProposalAtVersionOut,
    dependencies=READ,
    responses={200: {"headers": ETAG}},
)
def read_proposal(
    proposal_id: UUID,
    container: ContainerDep,
    conn: ReadConn,
    scope: ReaderScope,
    version: Annotated[int | None, Query(ge=1, description="Rebuild the proposal as it was at this version")] = None,
    min_position: MinPosition = None,
) -> Response:
    """One proposal with its lines and taxes (staff: and its internal review); with `version`, as it stood then."""
    if version is not None:
        p = at_version(
            container.app, scope, Proposal, proposal_id, version,
            what="proposal", visible=lambda p: may_see_history(scope, p.client_id, p.status is not ProposalStatus.DRAFT),
        )  # fmt: skip
        at = ProposalAtVersionOut(
            id=p.id, version=p.version, as_of=p.modified_on, client_id=p.client_id, lead_id=p.lead_id,
            title=p.title, currency=p.currency, status=p.status, valid_until=p.valid_until,
            lines=[line_out(li) for li in p.lines], subtotal=format(p.subtotal.amount, "f"),
            taxes={r: format(t.amount, "f") for r, t in p.taxes.items()}, total=format(p.total.amount, "f"),
        )  # fmt: skip
        return json_response(at, headers=etag(p.version))
    wait_for_view(conn, container, VIEW, min_position)
    row = found(get_proposal(conn, scope, proposal_id), "proposal", proposal_id)
    staff = scope.is_staff
    detail = ProposalDetailOut.model_validate(
        {
            **row,
            "lines": lines_out(row["lines"]),
            "taxes": taxes_out(row["taxes"]),
            "review_comments": row["review_comments"] if staff else None,
            "reviews": row["reviews"] if staff else None,
        }
    )
    return json_response(detail, headers=etag(row["version"]))


@router.patch("/{proposal_id}", response_model=CommandOut, dependencies=MANAGE)
def revise_proposal(
    proposal_id: UUID, body: ProposalRevise, ctx: CommandCtx, proposals: Proposals, expected: ExpectedVersion
) -> CommandOut:
    """Change a draft's title, validity or lines."""
    currency = proposals.load(Proposal, proposal_id).currency if body.lines is not None else ""
    lines = lines_of(body.lines, currency) if body.lines is not None else None
    result = proposals.revise(
        ctx, proposal_id, title=body.title, valid_until=body.valid_until, lines=lines, expected_version=expected
    )
    return out(result)


@router.post("/{proposal_id}/comments", response_model=CommandOut, status_code=201, dependencies=COMMENT)
def comment_on_proposal(
    proposal_id: UUID, body: ReviewCommentCreate, ctx: CommandCtx, proposals: Proposals
) -> CommandOut:
    """Add an internal review comment (staff; never shown to the client)."""
    return out(proposals.comment(ctx, proposal_id, body.text))


@router.post("/{proposal_id}/send", response_model=CommandOut, dependencies=MANAGE)
def send_proposal(proposal_id: UUID, ctx: CommandCtx, proposals: Proposals, expected: ExpectedVersion) -> CommandOut:
    """Send the draft: the client gets an email with its link; a lead moves to `proposal_sent`."""
    return out(proposals.send(ctx, proposal_id, expected_version=expected))


@router.post("/{proposal_id}/approve", response_model=CommandOut, dependencies=DECIDE)
def approve_proposal(
    proposal_id: UUID, body: Decision, ctx: CommandCtx, proposals: Proposals, expected: ExpectedVersion
) -> CommandOut:
    """Approve a sent proposal (the client user; or an admin recording the client's answer)."""
    return out(proposals.approve(ctx, proposal_id, body.comment, expected_version=expected))


@router.post("/{proposal_id}/decline", response_model=CommandOut, dependencies=DECIDE)
def decline_proposal(
    proposal_id: UUID, body: Decision, ctx: CommandCtx, proposals: Proposals, expected: ExpectedVersion
) -> CommandOut:
    """Decline a sent proposal (the client user; or an admin recording the client's answer)."""
    return out(proposals.decline(ctx, proposal_id, body.comment, expected_version=expected))


@router.post("/{proposal_id}/withdraw", response_model=CommandOut, dependencies=MANAGE)
def withdraw_proposal(
    proposal_id: UUID, body: Withdrawal, ctx: CommandCtx, proposals: Proposals, expected: ExpectedVersion
) -> CommandOut:
    """Withdraw a draft or sent proposal, saying why."""
    return out(proposals.withdraw(ctx, proposal_id, body.reason, expected_version=expected))


@router.post(
    "/{proposal_id}/invoice", status_code=status.HTTP_201_CREATED, response_model=CommandOut,
    dependencies=[performs("invoices.manage")],
    responses={201: {"headers": LOCATION}, 200: {"description": "Its invoice was already drafted: this is it"}},
)  # fmt: skip
def draft_invoice_from_proposal(
    proposal_id: UUID, body: InvoiceFromProposal, ctx: CommandCtx, invoices: Invoices, response: Response
) -> CommandOut:
    """Draft the invoice of an approved proposal (the invoice process does this itself when a client approves)."""
    result = invoices.draft_from_proposal(
        ctx, proposal_id, client_id=body.client_id or "", payment_terms_days=body.payment_terms_days
    )
    response.headers["Location"] = f"/invoices/{result.id}"
    if result.position == 0:
        response.status_code = status.HTTP_200_OK
    return out(result)
