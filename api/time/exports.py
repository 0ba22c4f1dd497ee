"""The monthly client hours report as CSV and as a print-friendly HTML page."""

from __future__ import annotations

import csv
import io
from html import escape
from typing import Any

from api.time.report_schemas import MonthlyHoursReportOut

CSV_COLUMNS = ("date", "person", "project", "task", "hours", "note", "tags")


def as_csv(report: MonthlyHoursReportOut) -> str:
    """One line per counted entry (ProjectManagement and Meetings hours are not in the export)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for e in report.entries:
        row = (
            e.day.isoformat(),
            e.person_name,
            e.project_name,
            e.task_title,
            f"{e.hours:.2f}",
            e.note,
            " ".join(e.tags),
        )
        writer.writerow([_safe(cell) for cell in row])
    return out.getvalue()


def _safe(cell: str) -> str:
    # A spreadsheet would run a cell starting with = + - @ as a formula: keep it text.
    return "'" + cell if cell[:1] in ("=", "+", "-", "@", "\t", "\r") else cell


def _hours(value: Any) -> str:
    return "none" if value is None else f"{value:.2f}"


def as_html(report: MonthlyHoursReportOut) -> str:
    """A page that prints well: the figures, hours per project and task, then every counted entry."""
    over = (
        f'<p class="over">Over plan by {_hours(report.over_plan_hours)} hours: to be invoiced.</p>'
        if report.over_plan
        else ""
    )
    projects = "".join(
        f"<tr><th colspan=2>{escape(p.project_name)}</th><td>{_hours(p.hours)}</td></tr>"
        + "".join(f"<tr><td></td><td>{escape(t.task_title)}</td><td>{_hours(t.hours)}</td></tr>" for t in p.tasks)
        for p in report.projects
    )
    entries = "".join(
        f"<tr><td>{e.day}</td><td>{escape(e.person_name)}</td><td>{escape(e.project_name)}</td>"
        f"<td>{escape(e.task_title)}</td><td>{_hours(e.hours)}</td><td>{escape(e.note)}</td></tr>"
        for e in report.entries
    )
    as_of = f" (as of {report.as_of.isoformat()})" if report.as_of else ""
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>Hours report {escape(report.client_name)} {report.month}</title>
<style>
body {{ font: 11pt/1.4 system-ui, sans-serif; margin: 2em; color: #111; }}
table {{ border-collapse: collapse; width: 100%; margin: 1em 0; }}
th, td {{ border-bottom: 1px solid #ccc; padding: .3em .5em; text-align: left; }}
td:last-child, th:last-child {{ text-align: right; }}
.over {{ font-weight: bold; }}
@media print {{ body {{ margin: 0; }} }}
</style></head><body>
<h1>Hours report: {escape(report.client_name)}, {report.month}</h1>
<p>Due by {report.due_on}; status {report.status.value}{escape(as_of)}.</p>
<table>
<tr><th>Hours used</th><td>{_hours(report.hours_used)}</td></tr>
<tr><th>Hours included in the plan</th><td>{_hours(report.plan_hours)}</td></tr>
<tr><th>Hours over the plan</th><td>{_hours(report.over_plan_hours)}</td></tr>
<tr><th>Project management and meetings (not counted)</th><td>{_hours(report.hours_off_plan)}</td></tr>
</table>
{over}
<h2>By project and task</h2>
<table>{projects}</table>
<h2>Entries</h2>
<table><tr><th>Date</th><th>Person</th><th>Project</th><th>Task</th><th>Hours</th><th>Note</th></tr>{entries}</table>
</body></html>
"""
