"""Request and response bodies for leads."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

from pydantic import BaseModel, EmailStr, Field, field_validator

from api.schemas import StrictInput
from domain.leads import LeadStatus

Short = Annotated[str, Field(max_length=200)]


class LeadCreate(StrictInput):
    """A new lead."""

    name: Annotated[str, Field(min_length=1, max_length=200, description="Contact person's name")]
    company: Short = ""
    email: EmailStr | None = None
    phone: Annotated[str, Field(max_length=50)] = ""
    source: Annotated[str, Field(max_length=100, description="Where the lead came from, e.g. website, referral")] = ""
    notes: Annotated[str, Field(max_length=10_000)] = ""
    website: Annotated[str, Field(max_length=300, description="The prospect's website, if known")] = ""


class LeadStatusChange(StrictInput):
    """Move a lead to another status; ``lost`` needs a reason."""

    status: LeadStatus
    reason: Annotated[str, Field(max_length=2_000)] = ""


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
    notes: list[str]


class LeadPageOut(BaseModel):
    """One page of the pipeline, the cursor to the next, and counts per status."""

    items: list[LeadOut]
    next_cursor: str | None
    counts: dict[str, int]
