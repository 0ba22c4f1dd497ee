"""The time views on PostgreSQL: a rebuild gives the same rows, the fake writer agrees, reads and "as of" reads."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal

import pytest
from rich.console import Console

from baton.container import Container, build
from baton.rebuild import rebuild
from domain.time.entry import EntryChanges
from domain.time.values import Month
from projections.engine import replay
from projections.scope import Scope
from projections.time import TimeControls, TimeLog
from projections.time.entry_queries import EntryFilter, entries_as_of, list_entries
from projections.time.report_queries import Asked, monthly_report, people_report, project_budget, project_row
from tests.builders import settings
from tests.integration.projections.time_history import catch_up_time, time_history, time_rows
from tests.unit.projections.log import events_of

FEB = Month(2026, 2)
DAYS_8 = 8 * 24 * 60


@pytest.fixture
def container(database_url: str, schema: str) -> Iterator[Container]:
    c = build(settings(database_url, schema, projection_batch_size=11))
    yield c
    c.close()


def test_the_time_views_equal_a_fresh_rebuild_of_each_when_history_ran(container: Container) -> None:
    time_history(container)
    catch_up_time(container)
    before = time_rows(container)
    assert len(before["time_entries"]) == 21 and before["time_locks"] and before["time_plans"]
    for name in ("time_log", "time_controls"):
        rebuild(container, name, Console(record=True, width=120))
    assert time_rows(container) == before


def test_the_fake_writer_gives_the_rows_postgres_gives_for_the_time_views(container: Container) -> None:
    time_history(container)
    catch_up_time(container)
    events = events_of(container.app)  # type: ignore[arg-type]
    memory = replay(TimeLog(), events, batch=7)
    replay(TimeControls(), events, memory, batch=7)
    stored = time_rows(container)
    for name, rows in stored.items():
        by_key = sorted(memory.rows(name), key=repr)
        assert sorted(rows, key=repr) == by_key, name


def test_my_time_pages_newest_first_with_the_total_of_the_whole_selection(container: Container) -> None:
    desk = time_history(container)
    catch_up_time(container)
    me = Scope(user_id=desk.agency.ids["member"], role="employee")
    wanted = EntryFilter(date(2026, 2, 1), date(2026, 2, 28), person_id=desk.agency.ids["member"])
    with container.pool.connection() as conn:
        first = list_entries(conn, me, wanted, limit=5)
        second = list_entries(conn, me, wanted, limit=5, cursor=first.next_cursor)
        everything = list_entries(conn, me, wanted, limit=200)
        stranger = list_entries(conn, Scope(user_id=desk.agency.ids["outsider"], role="employee"), wanted)
    assert [e["day"] for e in first.items] == sorted((e["day"] for e in first.items), reverse=True)
    assert first.items[-1]["day"] >= second.items[0]["day"] and first.total_hours == everything.total_hours
    assert everything.total_hours == sum((e["hours"] for e in everything.items), Decimal(0))
    assert stranger.items == [] and stranger.total_hours == 0


def test_a_report_as_of_a_past_moment_equals_the_report_taken_then(container: Container) -> None:
    desk = time_history(container)
    catch_up_time(container)
    admin = Scope(user_id=desk.agency.ids["admin"], role="admin")
    client, today = desk.agency.ids["client"], date(2026, 3, 2)
    then = desk.agency.as_("member", minutes=DAYS_8).now  # after the history (its last command: the late mark)
    with container.pool.connection() as conn:
        taken = monthly_report(conn, Asked(admin), client, FEB, today)
        budget = project_budget(conn, Asked(admin), project_row(conn, admin, desk.project) or {})
        people = people_report(conn, Asked(admin), FEB.first, FEB.last)
        listed = list_entries(conn, admin, EntryFilter(FEB.first, FEB.last), limit=200)
        [close] = conn.execute("SELECT id FROM time_locks WHERE active").fetchall()
    entries = [e["id"] for e in taken.figures.entries]
    later = desk.agency.as_("member", minutes=DAYS_8 + 60)
    desk.locks.unlock(desk.agency.as_("admin", minutes=DAYS_8 + 60), close[0], "A late correction")
    desk.time.correct(later, entries[-1], EntryChanges(hours=Decimal(9), note="much later"))
    catch_up_time(container)
    with container.pool.connection() as conn:
        now = monthly_report(conn, Asked(admin), client, FEB, today)
        past = Asked(admin, container.source, then)
        again = monthly_report(conn, past, client, FEB, today)
        assert project_budget(conn, past, project_row(conn, admin, desk.project) or {}) == budget
        assert people_report(conn, past, FEB.first, FEB.last) == people
        mine = entries_as_of(conn, container.source, admin, EntryFilter(FEB.first, FEB.last), then)
    assert now.figures.hours_used != taken.figures.hours_used
    assert (again.figures.hours_used, again.figures.plan_hours, again.status) == (
        taken.figures.hours_used,
        taken.figures.plan_hours,
        taken.status,
    )
    strip = lambda rows: [{k: v for k, v in r.items() if k != "position"} for r in rows]  # noqa: E731
    assert strip(again.figures.entries) == strip(taken.figures.entries)
    assert [(e["id"], e["hours"]) for e in mine] == [(e["id"], e["hours"]) for e in listed.items]
