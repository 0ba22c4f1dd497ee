"""The reports built from time: the admin time report, project budgets, the monthly client hours report.

Each is computed from entry rows by ``figures``: rows of the view for a report
now, rows folded from the log (``history``) for a report ``as_of`` a past
moment. Names (people, projects, tasks, clients) are shown as they are now.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

from psycopg import Connection, sql
from psycopg.rows import dict_row

from domain.time.report import report_id
from domain.time.values import Month
from projections.engine.follower import LogSource
from projections.scope import Scope
from projections.time import figures, history, keys
from projections.time.entry_queries import named
from projections.time.tables import ENTRIES, PLANS

Row = dict[str, Any]


@dataclass(frozen=True)
class Asked:
    """How a report is read: by whom, from which log, and as of when (None: now)."""

    scope: Scope
    source: LogSource | None = None  # needed with ``as_of``
    as_of: datetime | None = None

    def log(self) -> LogSource:
        if self.source is None:
            raise ValueError("a report as of a past moment reads the log: give its source")
        return self.source


def _rows(conn: Connection[Any], asked: Asked, where: str, params: tuple[Any, ...], wanted: list[str]) -> list[Row]:
    """Entry rows: from the view now, or folded from the log as of ``asked.as_of``."""
    if asked.as_of is None:
        query = sql.SQL("SELECT {} FROM time_entries WHERE NOT deleted AND " + where).format(ENTRIES.select_list)
        with conn.cursor(row_factory=dict_row) as cur:
            return cur.execute(query, params).fetchall()
    events = history.read_events(conn, asked.log(), history.entry_ids_under(conn, wanted))
    return history.entries_as_of(events, asked.as_of)


def people_report(
    conn: Connection[Any], asked: Asked, first: date, last: date, person_id: UUID | None = None
) -> list[figures.PersonHours]:
    """Hours per person, project and task for entries dated ``first``..``last`` (admins)."""
    months = keys.months_between(first, last)
    if person_id is None:
        rows = _rows(conn, asked, "day BETWEEN %s AND %s", (first, last), [keys.month(m) for m in months])
    else:
        wanted = [keys.person_month(person_id, m) for m in months]
        rows = _rows(conn, asked, "person_id = %s AND day BETWEEN %s AND %s", (person_id, first, last), wanted)
    return figures.by_person(r for r in history.in_range(rows, first, last) if person_id in (None, r["person_id"]))


def project_row(conn: Connection[Any], scope: Scope, project_id: UUID) -> Row | None:
    """The project as budgets show it, if the reader may see its budget (admins; employees: projects they manage)."""
    with conn.cursor(row_factory=dict_row) as cur:
        row = cur.execute(
            "SELECT id, name, client_id, manager_id, status, budget_hours FROM time_projects WHERE id = %s",
            (project_id,),
        ).fetchone()
    if row is None or not (scope.is_admin or (scope.is_staff and row["manager_id"] == scope.user_id)):
        return None
    return row


def project_budget(conn: Connection[Any], asked: Asked, project: Row) -> figures.BudgetFigures:
    rows = _rows(conn, asked, "project_id = %s", (project["id"],), [keys.project(project["id"])])
    return figures.budget([r for r in rows if r["project_id"] == project["id"]], project["budget_hours"])


def budgets(conn: Connection[Any], scope: Scope, *, limit: int, cursor: tuple[str, UUID] | None) -> list[Row]:
    """Projects by name with their hours used and budget (admins: all; employees: those they manage)."""
    where: list[str] = ["TRUE"]
    params: list[Any] = []
    if not scope.is_admin:
        where.append("manager_id = %s")
        params.append(scope.user_id)
    if cursor is not None:
        where.append("(name, id) > (%s, %s)")
        params += list(cursor)
    query = (
        "SELECT id, name, client_id, status, budget_hours, (SELECT coalesce(sum(e.hours), 0) FROM time_entries e"
        " WHERE e.project_id = time_projects.id AND NOT e.deleted) AS hours_used FROM time_projects WHERE "
        + " AND ".join(where)
        + " ORDER BY name, id LIMIT %s"
    )
    with conn.cursor(row_factory=dict_row) as cur:
        return cur.execute(query, (*params, limit + 1)).fetchall()


def client_row(conn: Connection[Any], scope: Scope, client_id: UUID) -> Row | None:
    """The client, if the reader may see its monthly reports (admins; employees: clients whose account they keep)."""
    with conn.cursor(row_factory=dict_row) as cur:
        row = cur.execute(
            "SELECT id, company_name, account_manager_id FROM time_clients WHERE id = %s", (client_id,)
        ).fetchone()
    if row is None or not (scope.is_admin or (scope.is_staff and row["account_manager_id"] == scope.user_id)):
        return None
    return row


@dataclass
class Monthly:
    """One client's month: figures, the record of what happened to the report, and its status."""

    figures: figures.MonthlyFigures
    record: Row | None
    status: str


def monthly_report(conn: Connection[Any], asked: Asked, client_id: UUID, month: Month, today: date) -> Monthly:
    """The client's monthly hours report (now, or as of ``asked.as_of``)."""
    first, last = month.first, month.last
    wanted = [keys.client_month(client_id, str(month))]
    rows = _rows(conn, asked, "client_id = %s AND day BETWEEN %s AND %s", (client_id, first, last), wanted)
    rows = [r for r in history.in_range(rows, first, last) if r["client_id"] == client_id]
    plans, record = _plans(conn, asked, client_id), _record(conn, asked, client_id, month)
    result = figures.monthly(named(conn, rows), figures.plan_hours(plans, first, last))
    when = asked.as_of.date() if asked.as_of is not None else today
    return Monthly(result, record, status_of(record, month, when))


def status_of(record: Row | None, month: Month, today: date) -> str:
    """open (the month runs), due (until day 8), late, sent or sent_late."""
    if record is not None and record["sent"]:
        return "sent_late" if record["sent_late"] else "sent"
    if record is not None and record["late"]:
        return "late"
    return "open" if today <= month.last else "due"


def _plans(conn: Connection[Any], asked: Asked, client_id: UUID) -> list[Row]:
    with conn.cursor(row_factory=dict_row) as cur:
        plans = cur.execute(
            sql.SQL("SELECT {} FROM time_plans WHERE client_id = %s").format(PLANS.select_list), (str(client_id),)
        ).fetchall()
    if asked.as_of is None:
        return plans
    return history.plans_as_of(history.read_events(conn, asked.log(), [p["id"] for p in plans]), asked.as_of)


def _record(conn: Connection[Any], asked: Asked, client_id: UUID, month: Month) -> Row | None:
    if asked.as_of is not None:
        events = history.read_events(conn, asked.log(), [report_id(client_id, month)])
        return history.report_record_as_of(events, asked.as_of)
    with conn.cursor(row_factory=dict_row) as cur:
        return cur.execute(
            "SELECT reminded, late, sent, sent_late, sent_at, sent_by, version FROM time_monthly_reports WHERE id = %s",
            (report_id(client_id, month),),
        ).fetchone()


def monthly_overview(
    conn: Connection[Any], scope: Scope, month: Month, today: date, *, limit: int, cursor: tuple[str, UUID] | None
) -> list[tuple[Row, Monthly]]:
    """Every client the reader may see, by name, with its month's hours, plan and report status (now)."""
    where: list[str] = ["TRUE"]
    params: list[Any] = []
    if not scope.is_admin:
        where.append("account_manager_id = %s")
        params.append(scope.user_id)
    if cursor is not None:
        where.append("(company_name, id) > (%s, %s)")
        params += list(cursor)
    query = (
        "SELECT id, company_name, account_manager_id FROM time_clients WHERE "
        + " AND ".join(where)
        + " ORDER BY company_name, id LIMIT %s"
    )
    with conn.cursor(row_factory=dict_row) as cur:
        clients = cur.execute(query, (*params, limit + 1)).fetchall()
    asked = Asked(scope)
    return [(client, monthly_report(conn, asked, client["id"], month, today)) for client in clients]
