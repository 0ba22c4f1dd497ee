"""A varied delivery history (clients, contacts, projects in every status, records, tasks) for view tests."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from uuid import UUID, uuid4

from domain.clients import NewContact
from domain.projects import NewDeployment, NewDocument, NewMilestone, ProjectStatus, Visibility
from domain.projects.deployment import Environment
from domain.tasks import NewTask, TaskStatus
from tests.unit.delivery.agency import Agency

STATUSES = list(ProjectStatus)


@dataclass
class Delivery:
    """The ids a recorded delivery history holds, to check reads against."""

    clients: list[UUID] = field(default_factory=list)
    projects: list[UUID] = field(default_factory=list)
    # The projects the agency's ``member`` is on (every other one has the ``colleague`` instead).
    member_projects: list[UUID] = field(default_factory=list)
    tasks: list[UUID] = field(default_factory=list)
    deleted_tasks: list[UUID] = field(default_factory=list)
    internal_documents: list[UUID] = field(default_factory=list)
    client_documents: list[UUID] = field(default_factory=list)


def record_delivery(agency: Agency, clients: int = 3, projects_per_client: int = 2) -> Delivery:
    """Clients with contacts, each with projects in varied statuses, records and tasks worked through review."""
    made = Delivery()
    minute = 0
    for c in range(clients):
        client_id = agency.client(company_name=f"Client {c:02d}")
        made.clients.append(client_id)
        admin = agency.as_("admin", minute)
        for n in range(2):
            contact = NewContact(f"Contact {c}-{n}", f"contact{c}.{n}@client{c}.example")
            agency.clients.add_contact(admin, client_id, contact, contact_id=uuid4())
        for p in range(projects_per_client):
            minute += 1
            index = c * projects_per_client + p
            status = STATUSES[index % len(STATUSES)]
            on_team = "member" if index % 2 == 0 else "colleague"
            project_id = agency.project(
                ProjectStatus.ACTIVE,
                client_id=client_id,
                name=f"Project {index:02d}",
                member_ids=(agency.ids[on_team],),
            )
            made.projects.append(project_id)
            if on_team == "member":
                made.member_projects.append(project_id)
            _records(agency, made, project_id, minute)
            _tasks(agency, made, project_id, on_team, minute)
            for step in _walk_to(status):
                agency.projects.change_status(agency.as_("manager", minute), project_id, step, reason="Agreed")
    return made


def _walk_to(status: ProjectStatus) -> list[ProjectStatus]:
    s = ProjectStatus
    return {
        s.PLANNING: [],
        s.ACTIVE: [],
        s.ON_HOLD: [s.ON_HOLD],
        s.IN_REVIEW: [s.IN_REVIEW],
        s.COMPLETED: [s.IN_REVIEW, s.COMPLETED],
        s.CANCELLED: [s.CANCELLED],
    }[status]


def _records(agency: Agency, made: Delivery, project_id: UUID, minute: int) -> None:
    manager = agency.as_("manager", minute)
    agency.projects.add_note(manager, project_id, "Kickoff: goals agreed", kickoff=True)
    kept = agency.milestones.add(manager, NewMilestone(project_id, "Designs", date(2026, 4, 1))).id
    agency.milestones.mark_reached(manager, kept)
    dropped = agency.milestones.add(manager, NewMilestone(project_id, "Dropped")).id
    agency.milestones.remove(manager, dropped)
    for environment, tag, hours in ((Environment.PRODUCTION, "v1", 3), (Environment.STAGING, "v2-rc", 2)):
        shipped = manager.now - timedelta(hours=hours)
        deployment = NewDeployment(project_id, environment, "https://app.example", tag, deployed_at=shipped)
        agency.deployments.record(manager, deployment)
    agency.deployments.record(manager, NewDeployment(project_id, Environment.PRODUCTION, "https://app.example", "v1.1"))
    internal = NewDocument(project_id, "estimate.pdf", "application/pdf", 2048, "a" * 64)
    shared = NewDocument(project_id, "moodboard.png", "image/png", 4096, "b" * 64, Visibility.CLIENT)
    made.internal_documents.append(agency.documents.upload(manager, internal).id)
    made.client_documents.append(agency.documents.upload(manager, shared).id)
    gone = agency.documents.upload(manager, NewDocument(project_id, "old.pdf", "application/pdf", 10, "c" * 64)).id
    agency.documents.delete(manager, gone, reason="Superseded")


def _tasks(agency: Agency, made: Delivery, project_id: UUID, on_team: str, minute: int) -> None:
    manager = agency.as_("manager", minute)
    for n in range(len(TaskStatus)):
        task = NewTask(project_id, f"Task {n}", due_date=date(2026, 4, 1 + n), assignee_id=agency.ids[on_team])
        task_id = agency.tasks.add(manager, task).id
        for step in list(TaskStatus)[1 : n + 1]:
            mover = manager if step is TaskStatus.DONE else agency.as_(on_team, minute)
            agency.tasks.change_status(mover, task_id, step)
        made.tasks.append(task_id)
    agency.tasks.comment(manager, made.tasks[-1], "Nice work")
    deleted = agency.tasks.add(manager, NewTask(project_id, "Scrapped", assignee_id=agency.ids[on_team])).id
    agency.tasks.delete(manager, deleted, reason="Out of scope")
    made.deleted_tasks.append(deleted)
