"""A small agency for time's end-to-end tests, set up through a short-lived container (no delivery HTTP needed):
an admin, a project manager who also keeps the client's account, an employee, a colleague; a client with a
support plan of 10 hours a month; an active project, a project on hold, and tasks."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from api.identity.provision import ProvisionedUser, provision_user
from domain.billing.contract_commands import ContractCommands, NewContract
from domain.billing.lines import Line
from domain.billing.money import Money
from domain.billing.proposal_commands import NewProposal, ProposalCommands
from domain.clients.commands import ClientCommands, NewClient
from domain.context import Actor, CommandContext
from domain.projects import NewProject, ProjectStatus
from domain.projects.commands import ProjectCommands
from domain.tasks import NewTask
from domain.tasks.commands import TaskCommands
from domain.time.values import Month
from domain.users import Role
from tests.builders import settings
from tests.builders.identity import TEST_SECRET_KEY

PLAN_HOURS = Decimal(10)


@dataclass
class TimeWorld:
    """Who is who (signed-in users), and the ids of the client, projects and tasks."""

    users: dict[str, ProvisionedUser]
    ids: dict[str, UUID] = field(default_factory=dict)

    def token(self, who: str) -> str:
        return self.users[who].token


def container_for(database_url: str, schema: str, **overrides: Any) -> Any:
    from baton.container import build

    return build(settings(database_url, schema, secret_key=TEST_SECRET_KEY, **overrides))


def build_world(database_url: str, schema: str, plan_from: date) -> TimeWorld:
    container = container_for(database_url, schema)
    try:
        users = {
            "admin": provision_user(container.identity, role=Role.ADMIN, name="Agency Admin"),
            "manager": provision_user(container.identity, role=Role.EMPLOYEE, name="Project Manager"),
            "employee": provision_user(container.identity, role=Role.EMPLOYEE, name="Agency Employee"),
            "colleague": provision_user(container.identity, role=Role.EMPLOYEE, name="Agency Colleague"),
        }
        world = TimeWorld(users)
        uid = {who: u.user_id for who, u in users.items()}
        now = container.clock.now()
        admin = CommandContext(actor=Actor.user(uid["admin"], "admin"), now=now)
        manager = CommandContext(actor=Actor.user(uid["manager"], "employee"), now=now)
        client = (
            container.commands(ClientCommands)
            .register(admin, NewClient(company_name="Harbour Shop", account_manager_id=uid["manager"]))
            .id
        )
        projects, tasks = container.commands(ProjectCommands), container.commands(TaskCommands)
        team = (uid["employee"], uid["colleague"])

        def project(name: str, status: ProjectStatus) -> UUID:
            new = NewProject(
                name=name, client_id=client, manager_id=uid["manager"], member_ids=team, budget_hours=Decimal(40)
            )
            project_id = projects.plan(admin, new).id
            for step in [ProjectStatus.ACTIVE] + ([status] if status is not ProjectStatus.ACTIVE else []):
                projects.change_status(manager, project_id, step)
            return project_id

        world.ids.update(client=client, active=project("Shop support", ProjectStatus.ACTIVE))
        world.ids["paused"] = project("Loyalty app", ProjectStatus.ON_HOLD)
        world.ids["task"] = tasks.add(
            manager, NewTask(world.ids["active"], "Fix checkout", assignee_id=uid["employee"])
        ).id
        world.ids["other_task"] = tasks.add(
            manager, NewTask(world.ids["active"], "Email templates", assignee_id=uid["colleague"])
        ).id
        world.ids["paused_task"] = tasks.add(
            manager, NewTask(world.ids["paused"], "Release fix", assignee_id=uid["employee"])
        ).id
        world.ids["contract"] = _support_plan(container, admin, client, plan_from)
        return world
    finally:
        container.close()


def _support_plan(container: Any, admin: CommandContext, client: UUID, start: date) -> UUID:
    """An accepted maintenance and support contract of ``PLAN_HOURS`` a month from ``start``."""
    proposals = container.commands(ProposalCommands)
    line = Line("Support", Decimal(1), Money.of("500.00", "EUR"), None)
    proposal = NewProposal(
        title="Support plan", currency="EUR", valid_until=start.replace(year=start.year + 1), lines=(line,),
        client_id=str(client),
    )  # fmt: skip
    proposal_id = proposals.draft(admin, proposal).id
    proposals.send(admin, proposal_id)
    proposals.approve(admin, proposal_id, "Signed on paper")
    contracts = container.commands(ContractCommands)
    terms = NewContract(
        proposal_id=str(proposal_id), contract_type="maintenance_and_support", start=Month.of(start).first,
        support_hours_per_month=PLAN_HOURS, period_months=12, special_agreements="",
    )  # fmt: skip
    contract_id = contracts.offer(admin, terms).id
    client_user = provision_user(container.identity, role=Role.CLIENT, client_id=str(client), name="Client User")
    accept = CommandContext(actor=Actor.user(client_user.user_id, "client"), now=container.clock.now())
    contracts.accept(accept, contract_id, "203.0.113.7")
    return UUID(str(contract_id))
