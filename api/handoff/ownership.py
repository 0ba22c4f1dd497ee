"""Who handles a ticket: claim it ("I've got this"), release it, hand it across, split part of it off."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

from fastapi import Response, status
from pydantic import BaseModel, Field

from api.contract import resource_router
from api.deps import CommandCtx, commands
from api.policy import performs
from api.problems import ProblemError
from api.schemas import LOCATION, NOT_BLANK, CommandOut, StrictInput, json_response
from api.schemas import out as command_out
from domain.application import CommandResult
from domain.tickets.ownership import Side
from domain.tickets.ownership_commands import TicketOwnershipCommands

router = resource_router("/tickets", "ticket ownership")
OWN = [performs("tickets.own")]
READ = [performs("tickets.ownership")]
Owners = Annotated[TicketOwnershipCommands, commands(TicketOwnershipCommands)]
Reason = Annotated[str, Field(max_length=1_000)]


class ClaimIn(StrictInput):
    """Claim the ticket for your side: the first claim wins."""

    side: Side


class ReleaseIn(StrictInput):
    reason: Reason = ""


class HandAcrossIn(StrictInput):
    """Hand a misrouted ticket to the other side."""

    to: Side
    reason: Reason = ""


class SplitIn(StrictInput):
    """Part of the ticket, as a new ticket for ``side``."""

    subject: Annotated[str, Field(min_length=1, max_length=200, pattern=NOT_BLANK)]
    text: Annotated[str, Field(min_length=1, max_length=50_000, pattern=NOT_BLANK)]
    side: Side


class OwnershipOut(BaseModel):
    """Which side has the ticket, on which topic, and who claimed it."""

    ticket_id: str
    side: str = Field(description='"project_manager", "support", or "" while not routed')
    topic: str
    change_order: bool
    reason: str = Field(description="Why it is on that side: the routing's reason, or the hand-across's")
    owner_id: str
    owner_name: str
    claimed_at: datetime | None
    split_from: str
    parts: list[str]
    version: int


def out(result: CommandResult | None, owners: TicketOwnershipCommands, ticket_id: UUID) -> CommandOut:
    if result is not None:
        return command_out(result)
    found = owners.of(ticket_id)
    return CommandOut(id=ticket_id, version=found.version if found else 0, position=0)


@router.get("/{ticket_id}/ownership", response_model=OwnershipOut, dependencies=READ)
def read_ownership(ticket_id: UUID, owners: Owners) -> Response:
    """Which side has the ticket and who owns it (staff)."""
    found = owners.of(ticket_id)
    if found is None:
        raise ProblemError(404, "Not found", f"Nobody has routed or claimed ticket {ticket_id} yet.")
    fields = ("side", "topic", "change_order", "reason", "owner_id", "owner_name", "claimed_at", "split_from", "parts")
    body = {"ticket_id": str(ticket_id), "version": found.version, **{f: getattr(found, f) for f in fields}}
    return json_response(OwnershipOut.model_validate(body))


@router.post("/{ticket_id}/claim", response_model=CommandOut, dependencies=OWN)
def claim_ticket(ticket_id: UUID, body: ClaimIn, ctx: CommandCtx, owners: Owners) -> CommandOut:
    """ "I've got this": the first claim wins; a later one is refused (409) naming the owner."""
    return out(owners.claim(ctx, ticket_id, body.side), owners, ticket_id)


@router.post("/{ticket_id}/release", response_model=CommandOut, dependencies=OWN)
def release_ticket(ticket_id: UUID, body: ReleaseIn, ctx: CommandCtx, owners: Owners) -> CommandOut:
    """Give your claim up (or, as an admin, anyone's)."""
    return out(owners.release(ctx, ticket_id, body.reason), owners, ticket_id)


@router.post("/{ticket_id}/hand-across", response_model=CommandOut, dependencies=OWN)
def hand_across(ticket_id: UUID, body: HandAcrossIn, ctx: CommandCtx, owners: Owners) -> CommandOut:
    """Hand a misrouted ticket to the other side (any claim on it ends)."""
    return out(owners.hand_across(ctx, ticket_id, body.to, body.reason), owners, ticket_id)


@router.post(
    "/{ticket_id}/split", status_code=status.HTTP_201_CREATED, response_model=CommandOut, dependencies=OWN,
    responses={201: {"headers": LOCATION}},
)  # fmt: skip
def split_ticket(ticket_id: UUID, body: SplitIn, ctx: CommandCtx, owners: Owners, response: Response) -> CommandOut:
    """Open a new ticket with part of this one (same client and requester), linked both ways; answers the new one."""
    result = owners.split_off(ctx, ticket_id, body.subject, body.text, body.side)
    response.headers["Location"] = f"/tickets/{result.id}"
    return command_out(result)
