"""The delivery share of history: clients and contacts, projects and their teams, tasks through review.

Projects run their course: planned, active (with a kickoff note, milestones,
tasks moving through review with comments, deployments and documents),
sometimes on hold, then reviewed and completed; then they leave the working
set. Each step is one command by the person the rules let do it.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace
from datetime import timedelta
from uuid import UUID, uuid4

from domain.aggregate import BatonAggregate
from domain.clients import Client, NewClient, NewContact
from domain.context import Actor, CommandContext
from domain.projects import (
    Deployment,
    DeploymentKind,
    Document,
    Environment,
    Milestone,
    NewDeployment,
    NewDocument,
    NewMilestone,
    NewProject,
    Project,
    ProjectStatus,
    Visibility,
)
from domain.tasks import NewTask, Task, TaskPriority, TaskStatus
from domain.users import Invitation, Role, User

ADMIN = Actor.user(f"{8:032x}", "admin")
STAFF = [Actor.user(f"{i:032x}", "employee") for i in range(1, 8)]
TASK_TITLES = ["Wireframes", "Checkout flow", "Product import", "Copy review", "Accessibility pass", "Load test"]
COMMENTS = ["Pushed a first cut.", "Can you check the mobile layout?", "Blocked on the client's assets.", "Looks good."]
DOCUMENTS = [("estimate.pdf", "application/pdf"), ("moodboard.png", "image/png"), ("plan.docx", "application/msword")]


@dataclass
class Running:
    """A project in the working set and its open tasks."""

    project: Project
    planned_tasks: int
    tasks: list[Task] = field(default_factory=list)
    milestones: list[Milestone] = field(default_factory=list)
    created_tasks: int = 0

    def actor(self, user_id: str) -> Actor:
        return Actor.user(user_id, "employee")

    @property
    def manager(self) -> Actor:
        return self.actor(self.project.manager_id)


class DeliveryHistory:
    """Keeps a few dozen projects running at once so their events interleave in the log."""

    most_events = 2  # sending a task back records the move and its comment

    def ready(self) -> bool:
        """Always: this share needs nothing from the others."""
        return True

    def __init__(self, rng: random.Random, running_projects: int = 40, sample_size: int = 500) -> None:
        self.rng = rng
        self.target = running_projects
        self.clients: list[Client] = []
        self.running: list[Running] = []
        self._sample: list[UUID] = []
        self._sample_size = sample_size
        self.made = 0
        # The staff who run the work are users first (account and project managers must be).
        self.to_invite = [ADMIN, *STAFF]

    def step(self, ctx: CommandContext) -> BatonAggregate:
        if self.to_invite:
            return self._invite(ctx, self.to_invite.pop(0))
        if len(self.clients) * 2 < self.target or self.rng.random() < 0.01:
            return self._new_client(ctx)
        small = [c for c in self.clients if len(c.contacts) < 3]
        if small and self.rng.random() < 0.1:
            return self._contact(ctx, self.rng.choice(small))
        if not self.running or (len(self.running) < self.target and self.rng.random() < 0.3):
            return self._plan(ctx)
        index = self.rng.randrange(len(self.running))
        return self._work(ctx, index)

    def _as(self, ctx: CommandContext, actor: Actor) -> CommandContext:
        return replace(ctx, actor=actor)

    def _invite(self, ctx: CommandContext, actor: Actor) -> User:
        n = int(UUID(actor.id))
        role = Role.ADMIN if actor is ADMIN else Role.EMPLOYEE
        invitation = Invitation(f"staff{n}@agency.example", f"Staff Member {n}", role, send_email=False)
        return User.invite(replace(ctx, actor=Actor.system("bench")), UUID(actor.id), invitation)

    def _new_client(self, ctx: CommandContext) -> Client:
        n = len(self.clients) + 1
        manager = self.rng.choice(STAFF)
        new = NewClient(f"Client {n} Ltd", UUID(manager.id), f"{n} Market Street", f"accounts@client{n}.example")
        client = Client.register(self._as(ctx, ADMIN), uuid4(), new)
        self.clients.append(client)
        return client

    def _contact(self, ctx: CommandContext, client: Client) -> Client:
        # The first contact becomes the primary one too (two events).
        n = len(client.contacts) + 1
        job = "Owner" if n == 1 else "Marketing"
        contact = NewContact(f"Contact {n}", f"contact{n}.{client.id.hex[:6]}@client.example", job_title=job)
        client.add_contact(self._as(ctx, ADMIN), uuid4(), contact, primary=False)
        return client

    def _plan(self, ctx: CommandContext) -> Project:
        team = self.rng.sample(STAFF, 4)
        self.made += 1
        new = NewProject(
            f"Project {self.made}",
            self.rng.choice(self.clients).id,
            UUID(team[0].id),
            description="Rebuild of the online shop",
            member_ids=tuple(UUID(a.id) for a in team[1:]),
        )
        project = Project.plan(self._as(ctx, ADMIN), uuid4(), new)
        self.running.append(Running(project, planned_tasks=self.rng.randint(4, 20)))
        if len(self._sample) < self._sample_size:
            self._sample.append(project.id)
        return project

    def _work(self, ctx: CommandContext, index: int) -> BatonAggregate:
        run = self.running[index]
        project, manager = run.project, self._as(ctx, run.manager)
        status = ProjectStatus(project.status)
        if status is ProjectStatus.PLANNING:
            if project.notes_count == 0:
                project.add_note(manager, uuid4(), "Kickoff: scope, team and dates agreed.", kickoff=True)
            else:
                project.change_status(manager, ProjectStatus.ACTIVE)
            return project
        if status is ProjectStatus.ON_HOLD:
            project.change_status(manager, ProjectStatus.ACTIVE)
            return project
        if status is ProjectStatus.IN_REVIEW:
            project.change_status(manager, ProjectStatus.COMPLETED, reason="Accepted by the client")
            self.running[index] = self.running[-1]
            self.running.pop()
            return project
        return self._active(ctx, run)

    def _active(self, ctx: CommandContext, run: Running) -> BatonAggregate:
        project, manager = run.project, self._as(ctx, run.manager)
        if run.created_tasks >= run.planned_tasks and not run.tasks:
            # Every planned task is done: the client reviews the work.
            project.change_status(manager, ProjectStatus.IN_REVIEW)
            return project
        roll = self.rng.random()
        if run.created_tasks < run.planned_tasks and (roll < 0.2 or not run.tasks):
            return self._task(manager, run)
        if roll < 0.65 and run.tasks:
            return self._move(ctx, run)
        if roll < 0.8 and run.tasks:
            task = self.rng.choice(run.tasks)
            author = self._as(ctx, run.actor(task.assignee_id or project.manager_id))
            task.comment(author, project, uuid4(), self.rng.choice(COMMENTS))
            return task
        if roll < 0.86:
            return self._milestone(manager, run)
        if roll < 0.92:
            member = self._as(ctx, run.actor(self.rng.choice(project.member_ids)))
            env = self.rng.choice(list(Environment))
            tag = f"v1.{self.made}.{self.rng.randrange(99)}"
            kind = DeploymentKind.HOTFIX if self.rng.random() < 0.15 else DeploymentKind.RELEASE
            return Deployment.record(member, uuid4(), NewDeployment(project.id, env, "https://shop.example", tag, kind))
        if roll < 0.97:
            name, content_type = self.rng.choice(DOCUMENTS)
            visibility = self.rng.choice(list(Visibility))
            sha = f"{self.rng.getrandbits(256):064x}"
            new_doc = NewDocument(project.id, name, content_type, self.rng.randrange(1_000, 5_000_000), sha, visibility)
            return Document.upload(manager, uuid4(), new_doc)
        project.change_status(manager, ProjectStatus.ON_HOLD)
        return project

    def _task(self, manager: CommandContext, run: Running) -> Task:
        project = run.project
        new = NewTask(
            project.id,
            self.rng.choice(TASK_TITLES),
            due_date=(manager.now + timedelta(days=self.rng.randint(3, 40))).date(),
            priority=self.rng.choice(list(TaskPriority)),
            assignee_id=UUID(self.rng.choice(project.member_ids)),
        )
        task = Task.add(manager, uuid4(), new, project)
        run.tasks.append(task)
        run.created_tasks += 1
        return task

    def _move(self, ctx: CommandContext, run: Running) -> Task:
        task = self.rng.choice(run.tasks)
        project = run.project
        status = TaskStatus(task.status)
        assignee = self._as(ctx, run.actor(task.assignee_id))
        manager = self._as(ctx, run.manager)
        if status is TaskStatus.TO_DO:
            task.move(assignee, project, TaskStatus.IN_PROGRESS, uuid4())
        elif status is TaskStatus.IN_PROGRESS:
            task.move(assignee, project, TaskStatus.IN_REVIEW, uuid4())
        elif self.rng.random() < 0.25:
            task.move(manager, project, TaskStatus.IN_PROGRESS, uuid4(), "Please align it with the style guide.")
        else:
            task.move(manager, project, TaskStatus.DONE, uuid4())
            run.tasks.remove(task)
        return task

    def _milestone(self, manager: CommandContext, run: Running) -> Milestone:
        open_ones = [m for m in run.milestones if not m.done]
        if open_ones and self.rng.random() < 0.5:
            milestone = open_ones[0]
            milestone.mark_reached(manager)
            return milestone
        due = (manager.now + timedelta(days=self.rng.randint(7, 60))).date()
        milestone = Milestone.add(manager, uuid4(), NewMilestone(run.project.id, "Phase sign-off", due))
        run.milestones.append(milestone)
        return milestone

    def sample_ids(self) -> list[UUID]:
        return list(self._sample)
