"""What creating and editing a task takes: each field list written once, with its checks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from domain.delivery.values import iso, one_of, required
from domain.tasks.workflow import TaskPriority


@dataclass(frozen=True)
class NewTask:
    """What creating a task takes; it starts in ``to_do``, assigned to a team member or to nobody yet."""

    project_id: UUID
    title: str
    description: str = ""
    due_date: date | None = None
    priority: TaskPriority = TaskPriority.NORMAL
    assignee_id: UUID | None = None

    def as_data(self) -> dict[str, Any]:
        """The checked, JSON-ready fields the creating event records."""
        return {
            "project_id": str(self.project_id),
            "title": required(self.title, "A task needs a title."),
            "description": self.description.strip(),
            "due_date": iso(self.due_date),
            "priority": one_of(TaskPriority, self.priority, "task priority").value,
            "assignee_id": "" if self.assignee_id is None else str(self.assignee_id),
        }


@dataclass(frozen=True)
class TaskChanges:
    """What editing a task may change; ``None`` leaves a field as it is."""

    title: str | None = None
    description: str | None = None
    due_date: date | None = None
    priority: TaskPriority | None = None

    def as_data(self) -> dict[str, str]:
        """The given fields, checked and as events record them (date ISO)."""
        given = {
            "title": None if self.title is None else required(self.title, "A task needs a title."),
            "description": None if self.description is None else self.description.strip(),
            "due_date": None if self.due_date is None else iso(self.due_date),
            "priority": None if self.priority is None else one_of(TaskPriority, self.priority, "task priority").value,
        }
        return {k: v for k, v in given.items() if v is not None}
