"""Report figures as the API shows them: with the names of people, projects, tasks and clients."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from psycopg import Connection

from api.time.report_schemas import (
    MonthlyHoursReportOut,
    MonthlyReportStatus,
    PersonHoursOut,
    ProjectBudgetOut,
    ProjectHoursOut,
    TaskHoursOut,
)
from api.time.schemas import TimeEntryOut
from domain.time.report import due_on
from domain.time.values import Month
from projections.time import figures
from projections.time.entry_queries import person_names, project_names, task_titles
from projections.time.report_queries import Monthly

Row = dict[str, Any]


def projects_out(conn: Connection[Any], projects: list[figures.ProjectHours]) -> list[ProjectHoursOut]:
    names = project_names(conn, {p.project_id for p in projects})
    titles = task_titles(conn, {t.task_id for p in projects for t in p.tasks})
    return [
        ProjectHoursOut(
            project_id=p.project_id,
            project_name=names.get(p.project_id, ""),
            hours=p.hours,
            tasks=[
                TaskHoursOut(task_id=t.task_id, task_title=titles.get(t.task_id, ""), hours=t.hours) for t in p.tasks
            ],
        )
        for p in projects
    ]


def people_out(conn: Connection[Any], people: list[figures.PersonHours]) -> list[PersonHoursOut]:
    names = person_names(conn, {p.person_id for p in people})
    return [
        PersonHoursOut(
            person_id=p.person_id,
            person_name=names.get(p.person_id, ""),
            hours=p.hours,
            projects=projects_out(conn, p.projects),
        )
        for p in people
    ]


def budget_out(
    conn: Connection[Any], project: Row, result: figures.BudgetFigures, as_of: datetime | None
) -> ProjectBudgetOut:
    titles = task_titles(conn, {t.task_id for t in result.tasks})
    return ProjectBudgetOut(
        project_id=project["id"],
        project_name=project["name"],
        status=project["status"],
        budget_hours=result.budget_hours,
        hours_used=result.hours_used,
        remaining_hours=result.remaining_hours,
        over_budget=result.over_budget,
        as_of=as_of,
        tasks=[
            TaskHoursOut(task_id=t.task_id, task_title=titles.get(t.task_id, ""), hours=t.hours) for t in result.tasks
        ],
    )


def monthly_out(
    conn: Connection[Any], client: Row, month: Month, report: Monthly, as_of: datetime | None, *, detail: bool
) -> MonthlyHoursReportOut:
    f = report.figures
    return MonthlyHoursReportOut(
        client_id=client["id"],
        client_name=client["company_name"],
        month=str(month),
        due_on=due_on(month),
        status=MonthlyReportStatus(report.status),
        as_of=as_of,
        hours_used=f.hours_used,
        hours_off_plan=f.hours_off_plan,
        plan_hours=f.plan_hours,
        over_plan_hours=f.over_plan_hours,
        over_plan=f.over_plan,
        projects=projects_out(conn, f.projects) if detail else [],
        entries=[TimeEntryOut.model_validate(e) for e in f.entries] if detail else [],
        version=(report.record or {}).get("version", 0) or 0,
    )


def month_or_previous(text: str | None, today: date) -> Month:
    """The month asked for, or the one before ``today``'s (the report due now)."""
    return Month.parse(text) if text else Month.of(today).previous()
