"""Request and response bodies for a project's milestones, deployments, documents and notes."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated
from uuid import UUID

from pydantic import BaseModel, Field

from api.projects.schemas import ProjectOut
from api.projects.values import IsoDate
from api.schemas import IsoDateTime, StrictInput
from domain.contact_details import SPACE
from domain.projects import DeploymentKind, Environment, Visibility

Title = Annotated[str, Field(min_length=1, max_length=200)]
# An absolute http(s) address; no brackets in the host, no spaces anywhere.
URL_PATTERN = rf"^https?://[^\x00{SPACE}/?#\[\]@]+([/?#][^\x00{SPACE}]*)?$"


class MilestoneCreate(StrictInput):
    title: Title
    target_date: IsoDate | None = None


class MilestoneUpdate(StrictInput):
    """Change the title or target date; fields left out stay as they are."""

    title: Title | None = None
    target_date: IsoDate | None = None


class MilestoneOut(BaseModel):
    id: UUID
    project_id: UUID
    title: str
    target_date: date | None
    done: bool
    done_at: datetime | None
    done_by: str = Field(description="Who marked it done; empty while open")
    created_at: datetime
    updated_at: datetime
    version: int
    position: int


class DeploymentCreate(StrictInput):
    """A deployment that happened: where, what, when (default now; never in the future) and what kind."""

    environment: Environment
    url: Annotated[str, Field(max_length=2_000, pattern=URL_PATTERN, description="Where it runs, http(s)")]
    version_tag: Annotated[str, Field(min_length=1, max_length=200, description="The version or tag deployed")]
    kind: DeploymentKind = DeploymentKind.RELEASE
    deployed_at: IsoDateTime | None = Field(default=None, description="When (RFC 3339); default: now")
    notes: Annotated[str, Field(max_length=10_000)] = ""


class DeploymentOut(BaseModel):
    id: UUID
    project_id: UUID
    environment: Environment
    url: str
    version_tag: str
    kind: DeploymentKind
    deployed_at: datetime
    notes: str
    recorded_by: str
    recorded_at: datetime
    version: int
    position: int


class DeploymentPageOut(BaseModel):
    """Deployments newest first, and the cursor to the next page."""

    items: list[DeploymentOut]
    next_cursor: str | None


class DocumentVisibilityChange(StrictInput):
    visibility: Visibility


class DocumentOut(BaseModel):
    """A document's description; its bytes are at `download_url`."""

    id: UUID
    project_id: UUID
    name: str
    content_type: str
    size: int = Field(description="In bytes")
    sha256: str
    visibility: Visibility
    uploaded_at: datetime
    uploaded_by: str
    updated_at: datetime
    version: int
    position: int
    download_url: str


class DocumentPageOut(BaseModel):
    items: list[DocumentOut]
    next_cursor: str | None


class DocumentAtVersionOut(BaseModel):
    """A document's description as it stood at one version."""

    id: UUID
    version: int
    as_of: datetime
    project_id: str
    name: str
    content_type: str
    size: int
    sha256: str
    visibility: Visibility
    deleted: bool


class ProjectNoteOut(BaseModel):
    note_id: str
    text: str
    kickoff: bool
    author_id: str
    written_at: datetime
    version: int


class ProjectOverviewOut(ProjectOut):
    """A project with its milestones, what is live where, its documents, and for staff task counts and notes."""

    milestones: list[MilestoneOut]
    live: list[DeploymentOut] = Field(
        description="The latest deployment to each environment (client users: production)"
    )
    documents: list[DocumentOut] = Field(description="Newest first, at most 100 (client users: client-facing only)")
    task_counts: dict[str, int] | None = Field(description="Tasks per status; null for client users")
    notes: list[ProjectNoteOut] | None = Field(description="The latest 20 notes, oldest first; null for client users")
