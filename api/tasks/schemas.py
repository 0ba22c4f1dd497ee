"""Request and response bodies for tasks."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, field_validator

from api.projects.values import IsoDate
from api.schemas import CommandOut, StrictInput
from domain.tasks import TaskPriority, TaskStatus

Title = Annotated[str, Field(min_length=1, max_length=300)]
Description = Annotated[str, Field(max_length=20_000)]
Text = Annotated[str, Field(min_length=1, max_length=10_000)]


class TaskCreate(StrictInput):
    """A new task on a project, in `to_do`."""

    project_id: UUID
    title: Title
    description: Description = ""
    due_date: IsoDate | None = None
    priority: TaskPriority = TaskPriority.NORMAL
    assignee_id: UUID | None = Field(default=None, description="A member of the project's team (or its manager)")


class TaskUpdate(StrictInput):
    """Change title, description, due date or priority; fields left out stay as they are."""

    title: Title | None = None
    description: Description | None = None
    due_date: IsoDate | None = None
    priority: TaskPriority | None = None


class TaskReassignment(StrictInput):
    assignee_id: UUID | None = Field(description="The new assignee; null leaves the task with nobody")


class TaskStatusChange(StrictInput):
    """Move a task; sending it back (`in_review` -> `in_progress`) or reopening it (`done` -> `in_progress`) needs a
    comment saying what to change."""

    model_config = ConfigDict(
        json_schema_extra={
            "description": "Sending a task back (in_review -> in_progress) or reopening a done one"
            " (done -> in_progress) needs a `comment`.",
        }
    )

    status: TaskStatus
    comment: Annotated[str, Field(max_length=10_000, description="Recorded as a comment on the task")] = ""


class TaskCommentCreate(StrictInput):
    """A comment; `@handle` or `@<user id>` mentions of the project's team are stored as user ids."""

    text: Text

    @field_validator("text")
    @classmethod
    def not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("a comment cannot be blank")
        return value


class TaskCommentCommandOut(CommandOut):
    """The task's new version, and the comment's id."""

    comment_id: UUID


class TaskOut(BaseModel):
    """A task as the board shows it; `mine` marks your own."""

    id: UUID
    project_id: UUID
    title: str
    description: str
    due_date: date | None
    priority: TaskPriority
    assignee_id: str = Field(description="Empty while nobody has it")
    status: TaskStatus
    comments_count: int
    created_at: datetime
    updated_at: datetime
    created_by: str
    version: int
    position: int
    mine: bool


class TaskCommentOut(BaseModel):
    comment_id: str
    text: str
    mentions: list[str] = Field(description="User ids of the team members it mentions")
    author_id: str
    written_at: datetime
    version: int


class TaskDetailOut(TaskOut):
    comments: list[TaskCommentOut] = Field(description="The latest 50 comments, oldest first")


class TaskAtVersionOut(BaseModel):
    """A task rebuilt from its history as it stood at one version."""

    id: UUID
    version: int
    as_of: datetime
    project_id: str
    title: str
    description: str
    due_date: date | None
    priority: TaskPriority
    assignee_id: str
    status: TaskStatus
    deleted: bool


class TaskPageOut(BaseModel):
    """One page of tasks, the cursor to the next, and counts per status."""

    items: list[TaskOut]
    next_cursor: str | None
    counts: dict[str, int]
