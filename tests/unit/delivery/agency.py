"""A small agency to test delivery rules in: staff with their parts, a client, a project, tasks.

Parts: ``admin``; ``manager`` (the client's account manager and the project's
manager); ``member`` (on the project's team, and the assignee of the tasks built
here); ``colleague`` (an employee whom tests put on a team next to the member);
``outsider`` (an employee on no team); ``client`` (a client user); ``system``
(Baton itself).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID, uuid4

from domain.application import BatonApplication
from domain.clients.commands import ClientCommands, NewClient
from domain.context import Actor, CommandContext
from domain.projects import NewProject, ProjectStatus
from domain.projects.commands import ProjectCommands
from domain.projects.record_commands import DeploymentCommands, DocumentCommands, MilestoneCommands
from domain.tasks import NewTask, TaskStatus
from domain.tasks.commands import TaskCommands
from domain.users import Invitation, Role
from domain.users.commands import UserCommands
from tests.builders import T0

ROLES = {
    "admin": Role.ADMIN,
    "manager": Role.EMPLOYEE,
    "member": Role.EMPLOYEE,
    "colleague": Role.EMPLOYEE,
    "outsider": Role.EMPLOYEE,
}
# The walk that brings a new project to each status (completing and cancelling give a reason).
PROJECT_WALK = {
    ProjectStatus.PLANNING: [],
    ProjectStatus.ACTIVE: [ProjectStatus.ACTIVE],
    ProjectStatus.ON_HOLD: [ProjectStatus.ACTIVE, ProjectStatus.ON_HOLD],
    ProjectStatus.IN_REVIEW: [ProjectStatus.ACTIVE, ProjectStatus.IN_REVIEW],
    ProjectStatus.COMPLETED: [ProjectStatus.ACTIVE, ProjectStatus.IN_REVIEW, ProjectStatus.COMPLETED],
    ProjectStatus.CANCELLED: [ProjectStatus.CANCELLED],
}
TASK_WALK = [TaskStatus.TO_DO, TaskStatus.IN_PROGRESS, TaskStatus.IN_REVIEW, TaskStatus.DONE]


@dataclass
class Agency:
    """Staff, command groups and builders over one in-memory application."""

    app: BatonApplication
    ids: dict[str, UUID] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.users = UserCommands(self.app)
        self.clients = ClientCommands(self.app)
        self.projects = ProjectCommands(self.app)
        self.tasks = TaskCommands(self.app)
        self.milestones = MilestoneCommands(self.app)
        self.deployments = DeploymentCommands(self.app)
        self.documents = DocumentCommands(self.app)
        setup = CommandContext(actor=Actor.system("setup"), now=T0)
        for part, role in ROLES.items():
            invitation = Invitation(email=f"{part}@agency.example", name=part.title(), role=role)
            self.ids[part] = self.users.invite(setup, invitation).id

    def as_(self, part: str, minutes: int = 0) -> CommandContext:
        """A context acting as ``part`` (or as Baton itself for ``system``), ``minutes`` after T0."""
        now = T0 + timedelta(minutes=minutes)
        if part == "system":
            return CommandContext(actor=Actor.system("test"), now=now)
        if part == "client":
            return CommandContext(actor=Actor.user(self.ids.get("client_user", uuid4()), "client"), now=now)
        return CommandContext(actor=Actor.user(self.ids[part], ROLES[part].value), now=now)

    def client(self, **overrides: Any) -> UUID:
        """A client whose account the manager keeps."""
        values: dict[str, Any] = {"company_name": "Stone & Co", "account_manager_id": self.ids["manager"]}
        client_id = self.clients.register(self.as_("admin"), NewClient(**{**values, **overrides})).id
        self.ids.setdefault("client", client_id)
        return client_id

    def project(self, status: ProjectStatus = ProjectStatus.PLANNING, **overrides: Any) -> UUID:
        """A project run by the manager with the member on its team, walked to ``status``."""
        values: dict[str, Any] = {
            "name": "Website relaunch",
            "client_id": self.ids.get("client") or self.client(),
            "manager_id": self.ids["manager"],
            "member_ids": (self.ids["member"],),
            "budget_hours": Decimal("120"),
        }
        project_id = self.projects.plan(self.as_("admin"), NewProject(**{**values, **overrides})).id
        for step in PROJECT_WALK[status]:
            self.projects.change_status(self.as_("manager"), project_id, step, reason="Signed off by the client")
        return project_id

    def task(self, project_id: UUID | None = None, status: TaskStatus = TaskStatus.TO_DO, **overrides: Any) -> UUID:
        """A task assigned to the member, walked to ``status`` (the member works it, the manager accepts)."""
        project_id = project_id or self.project(ProjectStatus.ACTIVE)
        values: dict[str, Any] = {
            "project_id": project_id,
            "title": "Build the header",
            "assignee_id": self.ids["member"],
        }
        task_id = self.tasks.add(self.as_("manager"), NewTask(**{**values, **overrides})).id
        for step in TASK_WALK[1 : TASK_WALK.index(status) + 1]:
            part = "manager" if step is TaskStatus.DONE else "member"
            self.tasks.change_status(self.as_(part), task_id, step)
        return task_id

    def head(self) -> int:
        """The log position of the latest event."""
        return self.app.recorder.max_notification_id() or 0

    def topics_since(self, position: int) -> list[str]:
        """The topics of the events recorded after ``position``, in log order."""
        notifications = self.app.recorder.select_notifications(start=position + 1, limit=1000)
        return [n.topic for n in notifications]

    def events_since(self, position: int) -> list[Any]:
        """The events recorded after ``position``, in log order."""
        notifications = self.app.recorder.select_notifications(start=position + 1, limit=1000)
        return [self.app.mapper.to_domain_event(n) for n in notifications]
