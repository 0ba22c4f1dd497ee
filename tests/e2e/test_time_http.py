"""Time over HTTP, as people use it: log on your task, overrides, corrections, locks, the monthly client report,
and the clock moved past its day-6 reminder and day-8 deadline."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from domain.time.report import late_at, remind_at
from domain.time.values import Month
from tests.builders.identity import TEST_SECRET_KEY
from tests.builders.schemas import fresh_schema
from tests.builders.smtp import smtp_server
from tests.e2e.client import ApiClient, wait_until
from tests.e2e.server import ServerHandle, free_port, start_server
from tests.e2e.time_world import TimeWorld, build_world


@pytest.fixture(scope="module")
def world(database_url: str) -> Iterator[tuple[ServerHandle, TimeWorld, Any, str]]:
    port = free_port()
    env = {
        "BATON_SECRET_KEY": TEST_SECRET_KEY, "BATON_ENVIRONMENT": "test", "BATON_MOVABLE_CLOCK": "true",
        "BATON_SMTP_HOST": "127.0.0.1", "BATON_SMTP_PORT": str(port), "BATON_SMTP_TLS": "none",
        "BATON_TIMER_POLL_INTERVAL": "60",  # only the clock's move wakes the deadline runner in time
        # The clock moves weeks ahead: sessions must outlive the move.
        "BATON_SESSION_IDLE_HOURS": "2000", "BATON_SESSION_MAX_DAYS": "400",
    }  # fmt: skip
    today = datetime.now(UTC).date()
    with fresh_schema(database_url) as schema, smtp_server(port) as (mailbox, _):
        agency = build_world(database_url, schema, Month.of(today).previous().first)
        with start_server(database_url, schema, env, ready_timeout=120) as server:
            yield server, agency, mailbox, schema


def api(server: ServerHandle, token: str) -> ApiClient:
    return ApiClient(server.base_url, token)


def log(client: ApiClient, task: Any, hours: str, day: Any = None, **fields: Any) -> dict[str, Any]:
    body = {"task_id": str(task), "day": str(day or datetime.now(UTC).date()), "hours": hours, **fields}
    result: dict[str, Any] = client.post("/time/entries", body, expect=201)
    return result


def test_an_employee_logs_time_then_corrects_locks_and_reports_follow_over_http(world: Any) -> None:
    server, agency, mailbox, _ = world
    employee, admin = api(server, agency.token("employee")), api(server, agency.token("admin"))
    manager, ids = api(server, agency.token("manager")), agency.ids
    today = datetime.now(UTC).date()
    month, last_month = Month.of(today), Month.of(today).previous()

    # On your own task: accepted, and in "my time" (this week by default) with the total.
    first = log(employee, ids["task"], "6", note="Checkout fix")
    mine = employee.get("/time/entries", params={"min_position": first["position"], "preset": "today"})
    assert [(e["hours"], e["task_title"], e["project_name"]) for e in mine["items"]] == [
        ("6.00", "Fix checkout", "Shop support")
    ]
    assert mine["total_hours"] == "6.00"

    # On someone else's task: refused. On a project on hold: refused, then accepted with the manager's override.
    assert "not assigned to you" in employee.problem("POST", "/time/entries", 403, json={
        "task_id": str(ids["other_task"]), "day": str(today), "hours": "1"})["detail"]  # fmt: skip
    paused = {"task_id": str(ids["paused_task"]), "day": str(today), "hours": "1"}
    assert "on_hold" in employee.problem("POST", "/time/entries", 409, json=paused)["detail"]
    manager.post("/time/overrides", {"project_id": str(ids["paused"]), "person_id": str(agency.users["employee"].user_id),
                                     "reason": "Release fix while paused"}, expect=201)  # fmt: skip
    log(employee, ids["paused_task"], "1")

    # Correct with If-Match, a stale version is 412; delete; the entry leaves the views, the audit keeps it.
    extra = log(employee, ids["task"], "3")
    corrected = employee.request("PATCH", f"/time/entries/{extra['id']}", json={"hours": "4"}, if_match=1).json()
    assert corrected["version"] == 2
    employee.problem("PATCH", f"/time/entries/{extra['id']}", 412, json={"hours": "5"}, if_match=1)
    assert (
        "Admins see every entry"
        in admin.problem("PATCH", f"/time/entries/{first['id']}", 403, json={"hours": "1"})["detail"]
    )
    deleted = employee.request("DELETE", f"/time/entries/{extra['id']}", if_match=2).json()
    employee.problem("GET", f"/time/entries/{extra['id']}?min_position={deleted['position']}", 404)
    topics = [e["topic"] for e in admin.audit_events(extra["id"])["events"]]
    assert topics == ["baton.time.TimeLogged", "baton.time.TimeEntryChanged", "baton.time.TimeEntryDeleted"]

    # The admin sees the employee's hours in the admin report (and cannot edit them: above).
    report = admin.get(
        "/time/reports/people", params={"from": str(today), "to": str(today), "min_position": deleted["position"]}
    )
    [person] = [p for p in report["people"] if p["person_id"] == str(agency.users["employee"].user_id)]
    assert person["hours"] == "7.00" and {p["project_name"] for p in person["projects"]} == {
        "Shop support",
        "Loyalty app",
    }

    # The admin locks last month: a late entry is refused, naming the lock and who set it.
    lock = admin.post("/time/locks", {"month": str(last_month), "reason": "Month-end close"}, expect=201)
    refused = employee.problem(
        "POST", "/time/entries", 409, json={**paused, "task_id": str(ids["task"]), "day": str(last_month.last)}
    )
    assert lock["id"] in refused["detail"] and "set by Agency Admin" in refused["detail"]

    # The monthly client report leaves out ProjectManagement and Meetings hours and flags hours over the plan.
    log(employee, ids["task"], "5.5")
    log(employee, ids["task"], "2", tags=["Meetings"])
    last = log(employee, ids["task"], "1", tags=["ProjectManagement"])
    path = f"/time/reports/monthly/{ids['client']}/{month}"
    monthly = manager.get(path, params={"min_position": last["position"]})
    assert (monthly["hours_used"], monthly["hours_off_plan"], monthly["plan_hours"]) == ("12.50", "3.00", "10.00")
    assert (monthly["over_plan_hours"], monthly["over_plan"], monthly["status"]) == ("2.50", True, "open")
    csv_lines = manager.request("GET", f"{path}/csv").text.strip().splitlines()
    assert csv_lines[0] == "date,person,project,task,hours,note,tags" and len(csv_lines) == 4
    assert "Over plan by 2.50 hours" in manager.request("GET", f"{path}/print").text

    # As of a moment past, the report is what it was then, though an entry changed since.
    taken_at = admin.get("/clock")["now"]
    edited = employee.request("PATCH", f"/time/entries/{first['id']}", json={"hours": "8"}, if_match=1).json()
    assert manager.get(path, params={"min_position": edited["position"]})["hours_used"] == "14.50"
    past = manager.get(path, params={"as_of": taken_at})
    assert {k: v for k, v in past.items() if k != "as_of"} == {k: v for k, v in monthly.items() if k != "as_of"}
    # The overviews (every client's month, every project's budget) answer as of then too, page by page.
    [now_row] = [
        r
        for r in admin.get("/time/reports/monthly", params={"month": month})["items"]
        if r["client_id"] == str(ids["client"])
    ]
    [then_row] = [
        r
        for r in admin.get("/time/reports/monthly", params={"month": month, "as_of": taken_at})["items"]
        if r["client_id"] == str(ids["client"])
    ]
    assert (now_row["hours_used"], then_row["hours_used"]) == ("14.50", "12.50") and then_row["as_of"] is not None
    budgets_now = {r["project_id"]: r["hours_used"] for r in manager.get("/time/reports/budgets")["items"]}
    budgets_then = {
        r["project_id"]: r["hours_used"]
        for r in manager.get("/time/reports/budgets", params={"as_of": taken_at})["items"]
    }
    # The edit added two hours to one project's budget since then, and to no other.
    [changed] = [p for p in budgets_now if budgets_now[p] != budgets_then[p]]
    assert Decimal(budgets_now[changed]) - Decimal(budgets_then[changed]) == Decimal("2")

    # Moving the clock past day 6 reminds the account manager; past day 8 the report is late.
    clock = admin.get("/clock")
    now = datetime.fromisoformat(clock["now"])
    admin.post("/clock/advance", {"by": int((remind_at(month) - now).total_seconds()) + 60})
    to_manager = agency.users["manager"].email

    def reminders() -> list[Any]:
        return [m for m in mailbox.messages if m["To"] == to_manager and m["Subject"].startswith("Hours report")]

    [reminder] = wait_until(reminders, "the day-6 reminder to the account manager")
    assert f"Harbour Shop ({month}) is due by {late_at(month).date() - timedelta(days=1)}" in reminder["Subject"]
    admin.post("/clock/advance", {"by": int((late_at(month) - remind_at(month)).total_seconds()) + 60})
    late = wait_until(lambda: (r := manager.get(path))["status"] == "late" and r, "the report to be marked late")
    assert late["over_plan"] and late["hours_used"] == "14.50" and len(reminders()) == 1
