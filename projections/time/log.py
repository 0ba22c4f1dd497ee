"""The time log: one row per entry (deleted ones flagged, never shown), and what reports name and plan with."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from domain.billing.contract import Contract
from domain.clients import Client
from domain.projects import Project
from domain.tasks import Task
from domain.time.entry import TimeEntry
from projections.engine import Fold, Projection, handles
from projections.time import keys
from projections.time.mapping import Placed, placement, plan_row
from projections.time.tables import CLIENTS, ENTRIES, ENTRY_KEYS, PLANS, PROJECTS, TASKS


class TimeLog(Projection):
    """Entries by person, day, project and client, with the project, task, client and plan names reports show."""

    name = "time_log"
    version = 1
    tables = (ENTRIES, ENTRY_KEYS, PROJECTS, TASKS, CLIENTS, PLANS)

    @handles(TimeEntry.Logged)
    def logged(self, fold: Fold, e: TimeEntry.Logged) -> None:
        fold.insert(ENTRIES, e, person_id=UUID(e.person_id), created_at=e.timestamp, **placement(e))
        _index(fold, e.person_id, e)

    @handles(TimeEntry.Changed)
    def changed(self, fold: Fold, e: TimeEntry.Changed) -> None:
        if (row := fold.update(ENTRIES, e)) is not None:
            before = keys.keys_of(str(row["person_id"]), str(row["project_id"]), str(row["client_id"]), row["day"])
            row.update(placement(e))
            _index(fold, str(row["person_id"]), e, known=set(before))

    @handles(TimeEntry.Deleted)
    def deleted(self, fold: Fold, e: TimeEntry.Deleted) -> None:
        if (row := fold.update(ENTRIES, e)) is not None:
            row["deleted"] = True

    @handles(Project.Created)
    def project_created(self, fold: Fold, e: Project.Created) -> None:
        fold.insert(
            PROJECTS,
            e,
            name=e.name,
            client_id=UUID(e.client_id),
            manager_id=UUID(e.manager_id),
            status="planning",
            budget_hours=e.budget_hours,
        )

    @handles(Project.DetailsChanged)
    def project_details(self, fold: Fold, e: Project.DetailsChanged) -> None:
        if (row := fold.update(PROJECTS, e)) is not None and "name" in e.changes:
            row["name"] = e.changes["name"]

    @handles(Project.BudgetChanged)
    def project_budget(self, fold: Fold, e: Project.BudgetChanged) -> None:
        if (row := fold.update(PROJECTS, e)) is not None:
            row["budget_hours"] = e.budget_hours

    @handles(Project.ManagerChanged)
    def project_manager(self, fold: Fold, e: Project.ManagerChanged) -> None:
        if (row := fold.update(PROJECTS, e)) is not None:
            row["manager_id"] = UUID(e.to_manager_id)

    @handles(Project.StatusChanged)
    def project_status(self, fold: Fold, e: Project.StatusChanged) -> None:
        if (row := fold.update(PROJECTS, e)) is not None:
            row["status"] = e.to_status

    @handles(Task.Created)
    def task_created(self, fold: Fold, e: Task.Created) -> None:
        fold.insert(TASKS, e, project_id=UUID(e.project_id), title=e.title)

    @handles(Task.DetailsChanged)
    def task_details(self, fold: Fold, e: Task.DetailsChanged) -> None:
        if (row := fold.update(TASKS, e)) is not None and "title" in e.changes:
            row["title"] = e.changes["title"]

    @handles(Client.Created)
    def client_created(self, fold: Fold, e: Client.Created) -> None:
        fold.insert(CLIENTS, e, company_name=e.company_name, account_manager_id=UUID(e.account_manager_id))

    @handles(Client.DetailsChanged)
    def client_details(self, fold: Fold, e: Client.DetailsChanged) -> None:
        if (row := fold.update(CLIENTS, e)) is not None and "company_name" in e.changes:
            row["company_name"] = e.changes["company_name"]

    @handles(Client.AccountManagerChanged)
    def client_manager(self, fold: Fold, e: Client.AccountManagerChanged) -> None:
        if (row := fold.update(CLIENTS, e)) is not None:
            row["account_manager_id"] = UUID(e.to_manager_id)

    @handles(Contract.Offered)
    def plan_offered(self, fold: Fold, e: Contract.Offered) -> None:
        fold.insert(PLANS, e, **plan_row(e))

    @handles(Contract.Accepted, Contract.Withdrawn)
    def plan_decided(self, fold: Fold, e: Contract.Event) -> None:
        if (row := fold.update(PLANS, e)) is not None:
            row["status"] = "accepted" if isinstance(e, Contract.Accepted) else "withdrawn"


def _index(fold: Fold, person_id: str, e: Placed, known: set[str] | None = None) -> None:
    # Written even for a replay (the keys table ignores a key it already has); a correction that leaves the entry
    # where it was (most do) adds nothing.
    for key in keys.keys_of(person_id, e.project_id, e.client_id, date.fromisoformat(e.day)):
        if not known or key not in known:
            fold.append(ENTRY_KEYS, key=key, entry_id=e.originator_id)
