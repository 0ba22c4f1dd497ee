"""What creating and editing a project or a milestone takes: each field list written once, with its checks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from domain.delivery.values import budget_hours, check_dates, iso, required


@dataclass(frozen=True)
class NewProject:
    """What setting up a project takes; it starts in ``planning``."""

    name: str
    client_id: UUID
    manager_id: UUID
    description: str = ""
    start_date: date | None = None
    target_date: date | None = None
    member_ids: tuple[UUID, ...] = ()
    budget_hours: Decimal | None = None

    def as_data(self) -> dict[str, Any]:
        """The checked, JSON-ready fields the creating event records (members once each, in order)."""
        check_dates(self.start_date, self.target_date, "project's")
        return {
            "name": required(self.name, "A project needs a name."),
            "client_id": str(self.client_id),
            "description": self.description.strip(),
            "start_date": iso(self.start_date),
            "target_date": iso(self.target_date),
            "manager_id": str(self.manager_id),
            "member_ids": list(dict.fromkeys(str(m) for m in self.member_ids)),
            "budget_hours": None if self.budget_hours is None else budget_hours(self.budget_hours),
        }


@dataclass(frozen=True)
class ProjectChanges:
    """What editing a project's plan may change; ``None`` leaves a field as it is."""

    name: str | None = None
    description: str | None = None
    start_date: date | None = None
    target_date: date | None = None

    def as_data(self) -> dict[str, str]:
        """The given fields, checked and as events record them (dates ISO)."""
        given = {
            "name": None if self.name is None else required(self.name, "A project needs a name."),
            "description": None if self.description is None else self.description.strip(),
            "start_date": None if self.start_date is None else iso(self.start_date),
            "target_date": None if self.target_date is None else iso(self.target_date),
        }
        return {k: v for k, v in given.items() if v is not None}


@dataclass(frozen=True)
class NewMilestone:
    """A point in the project's plan that the client and the team look out for."""

    project_id: UUID
    title: str
    target_date: date | None = None


@dataclass(frozen=True)
class MilestoneChanges:
    """What editing a milestone may change; ``None`` leaves a field as it is."""

    title: str | None = None
    target_date: date | None = None
