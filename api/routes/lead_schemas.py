"""Request and response bodies for leads."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Any
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, field_validator

from api.schemas import NOT_BLANK, OptionalEmail, Phone, StrictInput, Website
from domain.leads import LeadStatus

Short = Annotated[str, Field(max_length=200)]
Source = Annotated[str, Field(max_length=100, description="Where the lead came from, e.g. website, referral")]


class LeadCreate(StrictInput):
    """A new lead."""

    name: Annotated[str, Field(min_length=1, max_length=200, description="Contact person's name")]
    company: Short = ""
    email: OptionalEmail | None = Field(default=None, description="Empty or null: none")
    phone: Phone = ""
    source: Source = ""
    notes: Annotated[str, Field(max_length=10_000)] = ""
    website: Website = ""


class LeadUpdate(StrictInput):
    """Corrections to a lead: only the fields sent change. Empty text clears an optional field; null clears
    the owner or the follow-up date."""

    name: Annotated[str, Field(min_length=1, max_length=200)] | None = None
    company: Short | None = None
    email: OptionalEmail | None = None
    phone: Phone | None = None
    source: Source | None = None
    website: Website | None = None
    owner_id: UUID | None = Field(default=None, description="The admin or employee who owns the lead; null: nobody")
    follow_up_on: date | None = Field(default=None, description="When to follow up (YYYY-MM-DD); null: no date")


class LeadReopen(StrictInput):
    """Why a lost lead is worth another try (an admin's decision)."""

    reason: Annotated[str, Field(min_length=1, max_length=2_000)]


class LeadMove(StrEnum):
    """The statuses a status change may name: a lead becomes `converted` only by POST /leads/{id}/convert."""

    NEW = "new"
    CONTACTED = "contacted"
    QUALIFIED = "qualified"
    PROPOSAL_SENT = "proposal_sent"
    LOST = "lost"


class LeadStatusChange(StrictInput):
    """Move a lead to another status; ``lost`` needs a reason. Converting is POST /leads/{id}/convert."""

    model_config = ConfigDict(
        json_schema_extra={
            "if": {"properties": {"status": {"const": "lost"}}, "required": ["status"]},
            "then": {"properties": {"reason": {"pattern": NOT_BLANK}}, "required": ["reason"]},
        }
    )

    status: LeadMove
    reason: Annotated[str, Field(max_length=2_000, description="Why; required for `lost`, kept with every change")] = ""

    @field_validator("status", mode="before")
    @classmethod
    def not_converted(cls, value: Any) -> Any:
        # Converting makes the client record too, so it has its own command.
        if value == LeadStatus.CONVERTED.value:
            raise ValueError(
                "a lead becomes 'converted' only through POST /leads/{id}/convert, which creates its client"
            )
        return value


class LeadNoteCreate(StrictInput):
    """A note on a lead."""

    text: Annotated[str, Field(min_length=1, max_length=10_000)]

    @field_validator("text")
    @classmethod
    def not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("a note cannot be blank")
        return value


class LeadNoteOut(BaseModel):
    text: str
    author_id: str
    written_at: datetime
    version: int


class LeadOut(BaseModel):
    """A lead as the pipeline shows it."""

    id: UUID
    name: str
    company: str
    email: str
    phone: str
    source: str
    website: str
    status: LeadStatus
    lost_reason: str
    client_id: str = Field(description="The client this lead was converted into; empty until then")
    owner_id: str = Field(description="The admin or employee who owns the lead; empty for nobody")
    follow_up_on: date | None = Field(description="When to follow up, if planned")
    notes_count: int
    created_at: datetime
    updated_at: datetime
    created_by: str
    version: int
    position: int


class LeadDetailOut(LeadOut):
    """A lead with its latest notes."""

    notes: list[LeadNoteOut] = Field(
        description="The latest 50 notes, oldest first; `notes_count` says how many the lead has in all."
    )
    notes_next_cursor: str | None = Field(
        description="With more than 50 notes: pass it to GET /leads/{id}/notes?cursor= for the older ones"
    )


class LeadNotePageOut(BaseModel):
    """A page of a lead's notes, newest first, and the cursor to the older ones."""

    items: list[LeadNoteOut]
    next_cursor: str | None


class LeadAtVersionOut(BaseModel):
    """A lead rebuilt from its history as it stood at one version."""

    id: UUID
    version: int
    as_of: datetime
    name: str
    company: str
    email: str
    phone: str
    source: str
    website: str
    status: LeadStatus
    lost_reason: str
    client_id: str = Field(description="The client this lead was converted into; empty until then")
    owner_id: str
    follow_up_on: date | None
    notes: list[str]


class LeadPageOut(BaseModel):
    """One page of the pipeline, the cursor to the next, and counts per status."""

    items: list[LeadOut]
    next_cursor: str | None
    counts: dict[str, int]
