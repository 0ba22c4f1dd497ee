"""Builder: a time history on a container (the small agency of the unit tests, on PostgreSQL) and its views' rows."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from psycopg.rows import dict_row

from baton.container import Container
from domain.billing.contract_commands import ContractCommands
from domain.projects import ProjectStatus
from domain.time.report import late_at
from domain.time.values import Month
from projections.time.tables import (
    CLIENTS,
    ENTRIES,
    ENTRY_KEYS,
    LOCK_POLICY,
    LOCKS,
    OVERRIDES,
    PLANS,
    PROJECTS,
    REPORTS,
    TAGS,
    TASKS,
)
from tests.builders.pipeline import catch_up
from tests.unit.billing.builders import ADMIN, approved_proposal, at, client_user, new_contract
from tests.unit.delivery.agency import Agency
from tests.unit.time.desk import FEBRUARY, Desk

TIME_TABLES = {
    t.name: t.key
    for t in (ENTRIES, ENTRY_KEYS, PROJECTS, TASKS, CLIENTS, PLANS, LOCKS, OVERRIDES, TAGS, LOCK_POLICY, REPORTS)
}


def time_history(container: Container) -> Desk:
    """Entries logged, corrected, moved and deleted; a plan; tags; an override; locks; a report record."""
    desk = Desk(Agency(container.app))
    client = str(desk.agency.ids["client"])
    contract = (
        ContractCommands(container.app)
        .offer(at(ADMIN), new_contract(approved_proposal(container.app, client_id=client), start=date(2026, 1, 1)))
        .id
    )
    ContractCommands(container.app).accept(at(client_user(container.app, client)), contract, "203.0.113.7")
    desk.tags.add(desk.agency.as_("admin"), "Research")
    for n in range(1, 21):
        entry = desk.log(f"{n % 5 + 1}.25", day=date(2026, 2, n), tags=("Meetings",) if n % 4 == 0 else ()).id
        if n % 3 == 0:
            desk.correct(entry, hours=Decimal("0.5"), note=f"corrected {n}")
        if n % 7 == 0:
            desk.time.delete(desk.agency.as_("member"), entry)
    moved = desk.log("2", day=date(2026, 2, 27)).id
    desk.correct(moved, day=date(2026, 3, 1))
    desk.agency.projects.change_status(desk.agency.as_("manager"), desk.project, ProjectStatus.ON_HOLD)
    desk.overrides.grant(desk.agency.as_("manager"), desk.project, desk.agency.ids["member"], "Fix")
    lock = desk.lock(date(2026, 2, 1), date(2026, 2, 10)).id
    desk.locks.unlock(desk.agency.as_("admin"), lock, "Correction")
    desk.lock_month(FEBRUARY, reason="Close")
    desk.locks.set_policy(desk.agency.as_("admin"), 4)
    timer = desk.agency.as_("system").__class__(actor=desk.agency.as_("system").actor, now=late_at(Month(2026, 2)))
    desk.reports.mark_late(timer, desk.agency.ids["client"], FEBRUARY)
    return desk


def catch_up_time(container: Container) -> None:
    for name in ("time_log", "time_controls", "user_directory"):
        catch_up(container, container.projection(name))


def time_rows(container: Container) -> dict[str, list[dict[str, Any]]]:
    """Every row of every time table, in key order."""
    with container.pool.connection() as conn, conn.cursor(row_factory=dict_row) as cur:
        return {
            name: cur.execute(f"SELECT * FROM {name} ORDER BY {', '.join(key)}").fetchall()
            for name, key in TIME_TABLES.items()
        }
