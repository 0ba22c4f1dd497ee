"""Request and response bodies for proposals."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated
from uuid import UUID

from pydantic import BaseModel, Field

from api.billing.money import Currency, DecimalText, LineOut, Lines
from api.projects.values import IsoDate
from api.schemas import NOT_BLANK, StrictInput
from domain.billing.statuses import ProposalStatus

Title = Annotated[str, Field(min_length=1, max_length=200)]
Comment = Annotated[str, Field(max_length=2_000)]


class ProposalCreate(StrictInput):
    """A new proposal, for a client or for a qualified lead (exactly one of the two)."""

    title: Title
    currency: Currency
    valid_until: IsoDate = Field(description="The last day the client may approve it (today or later)")
    lines: Lines
    client_id: Annotated[str, Field(min_length=1, max_length=100, pattern=NOT_BLANK)] | None = Field(
        default=None, description="The client it is for (give this or lead_id)"
    )
    lead_id: UUID | None = Field(default=None, description="The qualified lead it is for (give this or client_id)")


class ProposalRevise(StrictInput):
    """What changes in a draft: any of its title, validity and lines (the totals follow)."""

    title: Title | None = None
    valid_until: IsoDate | None = None
    lines: Lines | None = None


class ReviewCommentCreate(StrictInput):
    """An internal review comment (never shown to the client)."""

    text: Annotated[str, Field(min_length=1, max_length=10_000, pattern=NOT_BLANK)]


class Decision(StrictInput):
    """The client's answer, with an optional comment for the team."""

    comment: Comment = ""


class Withdrawal(StrictInput):
    """Why the proposal (or contract) is withdrawn."""

    reason: Annotated[str, Field(min_length=1, max_length=2_000, pattern=NOT_BLANK)]


class ReviewOut(BaseModel):
    text: str
    author_id: str
    written_at: datetime
    version: int


class ProposalOut(BaseModel):
    """A proposal as lists show it; amounts are exact decimal strings in ``currency``."""

    id: UUID
    client_id: str
    lead_id: str
    title: str
    currency: str
    status: ProposalStatus
    valid_until: date
    line_count: int
    subtotal: DecimalText
    total: DecimalText
    sent_at: datetime | None
    decided_at: datetime | None
    decision_comment: str
    decided_on_behalf: bool = Field(description="An admin recorded the client's answer")
    created_at: datetime
    updated_at: datetime
    version: int
    position: int


class ProposalDetailOut(ProposalOut):
    """A proposal with its lines and tax per rate; staff also see the internal review."""

    lines: list[LineOut]
    taxes: dict[str, DecimalText] = Field(description='Tax per rate in percent, e.g. {"19": "190.00"}')
    withdrawn_reason: str
    review_comments: int | None = Field(description="Staff only: how many internal review comments it has")
    reviews: list[ReviewOut] | None = Field(description="Staff only: the internal review comments, oldest first")


class ProposalAtVersionOut(BaseModel):
    """A proposal rebuilt from its history as it stood at one version."""

    id: UUID
    version: int
    as_of: datetime
    client_id: str
    lead_id: str
    title: str
    currency: str
    status: ProposalStatus
    valid_until: date
    lines: list[LineOut]
    subtotal: DecimalText
    taxes: dict[str, DecimalText]
    total: DecimalText


class ProposalPageOut(BaseModel):
    """One page of proposals, the cursor to the next, and counts per status."""

    items: list[ProposalOut]
    next_cursor: str | None
    counts: dict[str, int]
