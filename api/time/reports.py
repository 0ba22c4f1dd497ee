"""Reports built from time: the admin time report, project budgets, and the monthly client hours report
(JSON, CSV, print-friendly HTML, and marking it sent); each report also as of a past moment (`as_of`)."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import Depends, Query, Response

from api.contract import resource_router
from api.deps import CommandCtx, ContainerDep, ExpectedVersion, ReadConn, commands
from api.policy import ReaderScope, performs
from api.problems import ProblemError
from api.reads import MinPosition, wait_for_view
from api.schemas import CommandOut, Cursor, IsoDateTime, json_response, out
from api.time import exports
from api.time.ranges import checked, preset_range
from api.time.report_schemas import (
    MonthlyHoursReportOut,
    MonthlyHoursReportPageOut,
    MonthlyReportSent,
    ProjectBudgetOut,
    ProjectBudgetPageOut,
    TimeReportOut,
)
from api.time.report_views import budget_out, month_or_previous, monthly_out, people_out
from api.time.schemas import TimeRangePreset
from api.time.values import MONTH_PATTERN, Day, MonthPath
from domain.time.report_commands import MonthlyReportCommands, ReportFigures
from domain.time.values import Month
from projections.engine import encode_cursor
from projections.engine.paging import Keyset
from projections.time import figures
from projections.time.report_queries import (
    Asked,
    budgets,
    client_row,
    monthly_overview,
    monthly_report,
    people_report,
    project_budget,
    project_row,
)
from projections.time.tables import CLIENTS, PROJECTS

router = resource_router("/time/reports", "time")
AsOf = Annotated[IsoDateTime | None, Query(description="Answer as the log stood at this moment (RFC 3339)")]
Reports = Annotated[MonthlyReportCommands, commands(MonthlyReportCommands)]
CLIENT_REPORT = [performs("time.client_report")]
_BY_NAME, _BY_COMPANY = Keyset.of(PROJECTS, "name"), Keyset.of(CLIENTS, "company_name")
CSV_ANSWER: dict[int | str, dict[str, Any]] = {200: {"content": {"text/csv": {"schema": {"type": "string"}}}}}
HTML_ANSWER: dict[int | str, dict[str, Any]] = {200: {"content": {"text/html": {"schema": {"type": "string"}}}}}


def _wait(conn: Any, container: Any, min_position: int | None) -> None:
    wait_for_view(conn, container, "time_log", min_position)
    wait_for_view(conn, container, "time_controls", min_position)


@router.get("/people", response_model=TimeReportOut, dependencies=[performs("time.report")])
def time_report(  # noqa: PLR0913
    container: ContainerDep,
    conn: ReadConn,
    scope: ReaderScope,
    from_: Annotated[Day | None, Query(alias="from", description="First day (default: this month's first)")] = None,
    to: Annotated[Day | None, Query(description="Last day, included (default: this month's last)")] = None,
    person_id: Annotated[UUID | None, Query(description="One person (default: everyone)")] = None,
    as_of: AsOf = None,
    min_position: MinPosition = None,
) -> Response:
    """Hours per person, project and task over a range, with totals (admins)."""
    month_first, month_last = preset_range(TimeRangePreset.THIS_MONTH, container.clock.now().date())
    first, last = checked(from_ or month_first, to or month_last)
    wait_for_view(conn, container, "time_log", min_position)
    people = people_report(conn, Asked(scope, container.source, as_of), first, last, person_id)
    body = TimeReportOut(
        first=first, last=last, as_of=as_of, total_hours=sum((p.hours for p in people), figures.ZERO),
        people=people_out(conn, people),
    )  # fmt: skip
    return json_response(body)


@router.get("/budgets", response_model=ProjectBudgetPageOut, dependencies=[performs("time.budget")])
def list_budgets(
    container: ContainerDep,
    conn: ReadConn,
    scope: ReaderScope,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    cursor: Cursor = None,
    as_of: AsOf = None,
    min_position: MinPosition = None,
) -> Response:
    """Projects by name with hours used against their budget (admins: all; project managers: theirs); with
    `as_of`, each project's hours as the log stood then (read from the log, a page at a time)."""
    wait_for_view(conn, container, "time_log", min_position)
    after = _BY_NAME.decode(cursor) if cursor else None
    rows = budgets(conn, scope, limit=limit, cursor=(after[0], after[1]) if after else None)
    asked = Asked(scope, container.source, as_of)
    items = [
        budget_out(
            conn,
            r,
            project_budget(conn, asked, r)
            if as_of is not None
            else figures.BudgetFigures(r["budget_hours"], figures.total([{"hours": r["hours_used"]}]), []),
            as_of,
        )
        for r in rows[:limit]
    ]
    next_cursor = encode_cursor(rows[limit - 1]["name"], rows[limit - 1]["id"]) if len(rows) > limit else None
    return json_response(ProjectBudgetPageOut(items=items, next_cursor=next_cursor))


@router.get("/budgets/{project_id}", response_model=ProjectBudgetOut, dependencies=[performs("time.budget")])
def read_budget(
    project_id: UUID,
    container: ContainerDep,
    conn: ReadConn,
    scope: ReaderScope,
    as_of: AsOf = None,
    min_position: MinPosition = None,
) -> Response:
    """One project's hours per task against its budget; over-budget flagged."""
    wait_for_view(conn, container, "time_log", min_position)
    project = project_row(conn, scope, project_id)
    if project is None:
        raise ProblemError(404, "Not found", f"No project with id {project_id} whose budget you may see.")
    result = project_budget(conn, Asked(scope, container.source, as_of), project)
    return json_response(budget_out(conn, project, result, as_of))


@router.get("/monthly", response_model=MonthlyHoursReportPageOut, dependencies=CLIENT_REPORT)
def list_monthly_reports(  # noqa: PLR0913
    container: ContainerDep,
    conn: ReadConn,
    scope: ReaderScope,
    month: Annotated[str | None, Query(pattern=MONTH_PATTERN, description="YYYY-MM (default: last month)")] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 25,
    cursor: Cursor = None,
    as_of: AsOf = None,
    min_position: MinPosition = None,
) -> Response:
    """Every client's monthly hours report for a month: hours, plan, over-plan and status (admins: all clients;
    employees: the clients whose account they manage); with `as_of`, each as the log stood then."""
    today = container.clock.now().date()
    chosen = month_or_previous(month, today)
    _wait(conn, container, min_position)
    after = _BY_COMPANY.decode(cursor) if cursor else None
    found = monthly_overview(conn, scope, chosen, today, limit=limit, cursor=(after[0], after[1]) if after else None)
    page = found[:limit]
    if as_of is not None:  # each client of the page folded from the log up to then
        asked = Asked(scope, container.source, as_of)
        page = [(client, monthly_report(conn, asked, client["id"], chosen, today)) for client, _ in page]
    items = [monthly_out(conn, client, chosen, report, as_of, detail=False) for client, report in page]
    last = found[limit - 1][0] if len(found) > limit else None
    next_cursor = encode_cursor(last["company_name"], last["id"]) if last else None
    return json_response(MonthlyHoursReportPageOut(month=str(chosen), items=items, next_cursor=next_cursor))


def _monthly(conn: Any, container: Any, scope: Any, client_id: UUID, month: str, as_of: Any) -> MonthlyHoursReportOut:
    client = client_row(conn, scope, client_id)
    if client is None:
        raise ProblemError(404, "Not found", f"No client with id {client_id} whose reports you may see.")
    period = Month.parse(month)
    report = monthly_report(
        conn, Asked(scope, container.source, as_of), client_id, period, container.clock.now().date()
    )
    return monthly_out(conn, client, period, report, as_of, detail=True)


def _asked_monthly(  # noqa: PLR0913
    client_id: UUID,
    month: MonthPath,
    container: ContainerDep,
    conn: ReadConn,
    scope: ReaderScope,
    as_of: AsOf = None,
    min_position: MinPosition = None,
) -> MonthlyHoursReportOut:
    """The monthly report a read asks for (after its own writes), as the log stood at ``as_of`` if given."""
    _wait(conn, container, min_position)
    return _monthly(conn, container, scope, client_id, month, as_of)


# The report, its CSV and its print page take the same parameters: declared once, here.
AskedMonthly = Annotated[MonthlyHoursReportOut, Depends(_asked_monthly)]


@router.get("/monthly/{client_id}/{month}", response_model=MonthlyHoursReportOut, dependencies=CLIENT_REPORT)
def read_monthly_report(report: AskedMonthly) -> Response:
    """A client's hours in a month against its plan (ProjectManagement and Meetings hours left out), over-plan
    hours flagged; due by day 8 of the next month."""
    return json_response(report)


@router.get("/monthly/{client_id}/{month}/csv", dependencies=CLIENT_REPORT, responses=CSV_ANSWER,
            response_class=Response)  # fmt: skip
def export_monthly_report(client_id: UUID, month: MonthPath, report: AskedMonthly) -> Response:
    """The counted entries of the monthly report as CSV (to send to the client)."""
    name = f"hours-{report.client_name or client_id}-{month}.csv".replace('"', "")
    return Response(
        exports.as_csv(report), media_type="text/csv", headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )


@router.get("/monthly/{client_id}/{month}/print", dependencies=CLIENT_REPORT, responses=HTML_ANSWER,
            response_class=Response)  # fmt: skip
def print_monthly_report(report: AskedMonthly) -> Response:
    """The monthly report as a print-friendly HTML page."""
    return Response(exports.as_html(report), media_type="text/html")


@router.post("/monthly/{client_id}/{month}/sent", response_model=CommandOut,
             dependencies=[performs("time.client_report_send")])  # fmt: skip
def mark_monthly_report_sent(  # noqa: PLR0913
    client_id: UUID,
    month: MonthPath,
    body: MonthlyReportSent,
    ctx: CommandCtx,
    container: ContainerDep,
    conn: ReadConn,
    scope: ReaderScope,
    reports: Reports,
    expected: ExpectedVersion,
) -> CommandOut:
    """Record that the report went to the client, with its figures as they are now (admins, its account manager)."""
    report = _monthly(conn, container, scope, client_id, month, None)
    figures_sent = ReportFigures(report.hours_used, report.plan_hours, report.over_plan_hours)
    result = reports.mark_sent(ctx, client_id, Month.parse(month), figures_sent, body.note, expected_version=expected)
    return out(result)
