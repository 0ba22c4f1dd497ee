"""Request and response bodies for projects."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, field_validator

from api.projects.values import Hours, IsoDate
from api.schemas import NOT_BLANK, CommandOut, StrictInput
from domain.projects import ProjectStatus

Name = Annotated[str, Field(min_length=1, max_length=200)]
Description = Annotated[str, Field(max_length=20_000)]


class ProjectCreate(StrictInput):
    """A new project for a client, in `planning`."""

    name: Name
    client_id: UUID
    manager_id: UUID = Field(description="The admin or employee who runs the project")
    description: Description = Field(default="", description="What the project covers (its scope)")
    start_date: IsoDate | None = None
    target_date: IsoDate | None = None
    member_ids: list[UUID] = Field(default_factory=list, max_length=100, description="Staff on the team")
    budget_hours: Hours | None = None


class ProjectUpdate(StrictInput):
    """Change name, description or dates; fields left out stay as they are."""

    name: Name | None = None
    description: Description | None = None
    start_date: IsoDate | None = None
    target_date: IsoDate | None = None


class ProjectBudgetChange(StrictInput):
    """Set or change the budget in hours; null removes it."""

    budget_hours: Hours | None


class ProjectStatusChange(StrictInput):
    """Move the project; `completed` and `cancelled` are final and need a reason."""

    model_config = ConfigDict(
        json_schema_extra={
            "if": {"properties": {"status": {"enum": ["completed", "cancelled"]}}, "required": ["status"]},
            "then": {"properties": {"reason": {"pattern": NOT_BLANK}}, "required": ["reason"]},
        }
    )

    status: ProjectStatus
    reason: Annotated[str, Field(max_length=2_000)] = ""


class ProjectManagerChange(StrictInput):
    manager_id: UUID


class ProjectMemberAdd(StrictInput):
    user_id: UUID


class ProjectNoteCreate(StrictInput):
    """A note on the project; `kickoff` marks the notes of the kickoff meeting."""

    text: Annotated[str, Field(min_length=1, max_length=20_000)]
    kickoff: bool = False

    @field_validator("text")
    @classmethod
    def not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("a note cannot be blank")
        return value


class ProjectNoteCommandOut(CommandOut):
    """The project's new version, and the note's id."""

    note_id: UUID


class ProjectInternalOut(BaseModel):
    """What only staff see of a project."""

    members: list[str] = Field(description="User ids of the team's members (the manager is apart)")
    budget_hours: Decimal | None
    status_reason: str = Field(description="Why it was completed or cancelled")
    notes_count: int


class ProjectOut(BaseModel):
    """A project as lists show it."""

    id: UUID
    name: str
    client_id: str
    client_name: str
    description: str
    start_date: date | None
    target_date: date | None
    manager_id: str
    status: ProjectStatus
    created_at: datetime
    updated_at: datetime
    created_by: str
    version: int
    position: int
    internal: ProjectInternalOut | None = Field(
        description="Team, budget, reason and notes count; null for client users"
    )


class ProjectPageOut(BaseModel):
    """One page of projects, the cursor to the next, and counts per status."""

    items: list[ProjectOut]
    next_cursor: str | None
    counts: dict[str, int]


class ProjectInternalAtVersionOut(BaseModel):
    members: list[str]
    budget_hours: Decimal | None
    notes_count: int


class ProjectAtVersionOut(BaseModel):
    """A project rebuilt from its history as it stood at one version."""

    id: UUID
    version: int
    as_of: datetime
    name: str
    client_id: str
    description: str
    start_date: date | None
    target_date: date | None
    manager_id: str
    status: ProjectStatus
    internal: ProjectInternalAtVersionOut | None = Field(description="null for client users")
