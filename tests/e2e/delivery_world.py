"""Delivery records for the role x endpoint matrix: a client, its project with the employee on the team, and more."""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid4

import httpx

from domain.clients import NewClient, NewContact
from domain.clients.commands import ClientCommands
from domain.context import Actor, CommandContext
from domain.projects import NewDeployment, NewMilestone, NewProject, ProjectStatus
from domain.projects.commands import ProjectCommands
from domain.projects.deployment import Environment
from domain.projects.record_commands import DeploymentCommands, MilestoneCommands
from domain.tasks import NewTask
from domain.tasks.commands import TaskCommands

PDF = b"%PDF-1.4\n% a tiny document for the matrix\n%%EOF\n"


def seed_delivery(container: Any, admin: UUID, employee: UUID) -> dict[str, str]:
    """A client with a contact; its project (the employee on the team) with a task, milestone and deployment;
    and a project of another client nobody but admins sees."""
    ctx = CommandContext(actor=Actor.user(admin, "admin"), now=container.clock.now())
    clients, projects = container.commands(ClientCommands), container.commands(ProjectCommands)
    client = clients.register(ctx, NewClient("Matrix Goods", admin)).id
    other = clients.register(ctx, NewClient("Other Goods", admin)).id
    contact = uuid4()
    clients.add_contact(ctx, client, NewContact("Casey", f"casey-{contact.hex[:8]}@matrix.example"), contact_id=contact)
    project = projects.plan(ctx, NewProject("Matrix site", client, admin, member_ids=(employee,))).id
    projects.change_status(ctx, project, ProjectStatus.ACTIVE)
    elsewhere = projects.plan(ctx, NewProject("Other site", other, admin)).id
    tasks = container.commands(TaskCommands)
    task = tasks.add(ctx, NewTask(project, "Matrix task", assignee_id=employee)).id
    scrapped = tasks.add(ctx, NewTask(project, "Task to delete")).id
    milestone = container.commands(MilestoneCommands).add(ctx, NewMilestone(project, "Launch")).id
    deployment = NewDeployment(project, Environment.PRODUCTION, "https://matrix.example", "v1")
    deployed = container.commands(DeploymentCommands).record(ctx, deployment).id
    ids = {
        "client": client,
        "contact": contact,
        "project": project,
        "elsewhere": elsewhere,
        "task": task,
        "scrapped": scrapped,
        "milestone": milestone,
        "deployment": deployed,
    }
    return {name: str(value) for name, value in ids.items()}


def upload_documents(base_url: str, token: str | None, project: str) -> dict[str, str]:
    """One internal and one client-facing document on ``project``, uploaded by an admin."""
    found = {}
    for name, visibility in (("internal_doc", "internal"), ("client_doc", "client")):
        answer = httpx.post(
            f"{base_url}/projects/{project}/documents",
            files={"file": (f"{name}.pdf", PDF, "application/pdf")},
            data={"visibility": visibility},
            headers={"Authorization": f"Bearer {token}"},
            timeout=10,
        )
        assert answer.status_code == 201, answer.text
        found[name] = answer.json()["id"]
    return found
