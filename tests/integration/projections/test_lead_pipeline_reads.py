"""Reading the lead pipeline: your own writes, pages, filters and counts."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import timedelta
from typing import Any
from uuid import UUID

import pytest

from baton.container import Container, build
from domain.leads import LeadStatus, NewLead
from projections.engine import BadCursor, catalog, encode_cursor
from projections.leads.queries import LATEST_NOTES, LeadFilter, get_lead, list_leads
from projections.scope import Scope
from tests.builders import T0, ctx, settings
from tests.builders.pipeline import catch_up, pipeline_rows

S = LeadStatus
EMPLOYEE = Scope(user_id=UUID(int=7), role="employee")


@pytest.fixture
def container(database_url: str, schema: str) -> Iterator[Container]:
    c = build(settings(database_url, schema))
    yield c
    c.close()


def test_read_sees_its_own_write_when_it_waits_for_the_command_position(container: Container) -> None:
    container.start_runners()
    first = container.leads.register(ctx(), NewLead(name="Avery Stone"))
    assert container.wait_for_position("lead_pipeline", first.position, 10.0) is not None
    for i in range(5):
        result = container.leads.register(ctx(minutes=i), NewLead(name=f"Quick {i}"))
        reached = container.wait_for_position("lead_pipeline", result.position, 5.0)
        assert reached is not None and reached >= result.position
        with container.pool.connection() as conn:
            row = get_lead(conn, EMPLOYEE, result.id)
        assert row is not None and row["name"] == f"Quick {i}"


def test_wait_gives_up_within_its_bound_when_no_runner_follows_the_log(container: Container) -> None:
    container.leads.register(ctx(), NewLead(name="Avery"))
    catch_up(container)
    later = container.leads.register(ctx(), NewLead(name="Blake"))
    started = time.monotonic()
    reached = container.wait_for_position("lead_pipeline", later.position, 0.3)
    waited = time.monotonic() - started
    assert reached is not None and reached < later.position
    assert 0.3 <= waited < 3.0  # bounded: well short of any default timeout


def _register(container: Container, name: str, minutes: int, **fields: Any) -> UUID:
    return container.leads.register(ctx(minutes=minutes), NewLead(name=name, **fields)).id


def _walk(container: Container, limit: int, **options: Any) -> list[dict[str, Any]]:
    seen: list[dict[str, Any]] = []
    cursor = None
    with container.pool.connection() as conn:
        for _ in range(100):
            page = list_leads(conn, EMPLOYEE, LeadFilter(), limit=limit, cursor=cursor, **options)
            assert len(page.items) <= limit
            seen += page.items
            cursor = page.next_cursor
            if cursor is None:
                return seen
    raise AssertionError("pagination never ended")


@pytest.mark.parametrize("order", ["asc", "desc"])
@pytest.mark.parametrize("sort", ["created", "updated"])
def test_pages_walk_every_lead_exactly_once_when_following_cursors(container: Container, sort: str, order: str) -> None:
    ids = [_register(container, f"Lead {i:02d}", minutes=i) for i in range(15)]
    # Six leads share one creation time: the cursor must break the tie by id.
    ids += [_register(container, f"Tied {i}", minutes=100) for i in range(6)]
    for n, lead_id in enumerate(ids[::3]):
        container.leads.change_status(ctx(minutes=200 - n), lead_id, S.CONTACTED)
    catch_up(container)

    walked = _walk(container, 4, sort=sort, order=order)

    assert sorted(r["id"] for r in walked) == sorted(ids)
    column = "created_at" if sort == "created" else "updated_at"
    keys = [(r[column], r["id"]) for r in walked]
    assert keys == sorted(keys, reverse=order == "desc")


def test_list_is_narrowed_when_filtered_by_status_source_dates_or_text(container: Container) -> None:
    web = _register(container, "Avery Stone", 0, company="Granite Works", source="website")
    ref = _register(container, "Blake Rivers", 60, email="blake@delta.example", source="referral")
    late = _register(container, "Casey Moss", 120, company="Moss 100% Organic", source="website")
    container.leads.change_status(ctx(minutes=130), ref, S.CONTACTED)
    container.leads.change_status(ctx(minutes=131), late, S.LOST, reason="No budget")
    catch_up(container)

    def ids(**f: Any) -> set[UUID]:
        with container.pool.connection() as conn:
            return {r["id"] for r in list_leads(conn, EMPLOYEE, LeadFilter(**f)).items}

    assert ids() == {web, ref, late}
    assert ids(status=["new"]) == {web}
    assert ids(status=["contacted", "lost"]) == {ref, late}
    assert ids(source="website") == {web, late}
    assert ids(created_from=T0 + timedelta(minutes=60)) == {ref, late}
    assert ids(created_to=T0 + timedelta(minutes=60)) == {web}
    assert ids(created_from=T0 + timedelta(minutes=1), created_to=T0 + timedelta(minutes=61)) == {ref}
    assert ids(text="granite") == {web}
    assert ids(text="DELTA.example") == {ref}
    assert ids(text="100%") == {late}
    assert ids(text="%") == {late}, "a % in the search text is a character, not a wildcard"
    assert ids(text="_") == set()
    assert ids(source="website", status=["lost"]) == {late}


def test_counts_per_status_follow_every_filter_but_status_when_listed(container: Container) -> None:
    for i in range(3):
        _register(container, f"Web {i}", i, source="website")
    moved = _register(container, "Web moved", 5, source="website")
    _register(container, "Referred", 6, source="referral")
    container.leads.change_status(ctx(minutes=7), moved, S.CONTACTED)
    catch_up(container)
    with container.pool.connection() as conn:
        everything = list_leads(conn, EMPLOYEE, LeadFilter())
        websites_new = list_leads(conn, EMPLOYEE, LeadFilter(source="website", status=["new"]))
    assert everything.counts == {"new": 4, "contacted": 1}
    # Counts are the tabs above a filtered list: they ignore the status chosen.
    assert websites_new.counts == {"new": 3, "contacted": 1}
    assert len(websites_new.items) == 3


@pytest.mark.parametrize(
    "cursor",
    ["not-a-cursor", encode_cursor(T0, "not-an-id"), "WzFd"],
    ids=["garbage", "bad-id", "short-list"],
)
def test_list_refuses_a_cursor_it_did_not_produce_when_tampered(container: Container, cursor: str) -> None:
    catch_up(container)
    with container.pool.connection() as conn, pytest.raises(BadCursor, match="not valid"):
        list_leads(conn, EMPLOYEE, LeadFilter(), cursor=cursor)


def _counted(conn: Any, source: str | None = None) -> dict[str, int]:
    where, params = ("WHERE source = %s", (source,)) if source else ("", ())
    rows = conn.execute(f"SELECT status, count(*) FROM lead_pipeline {where} GROUP BY status", params).fetchall()
    return dict(rows)


def test_kept_counts_equal_counting_the_pipeline_when_leads_move_in_small_batches(container: Container) -> None:
    leads = [_register(container, f"Lead {i}", i, source=("website", "referral")[i % 2]) for i in range(9)]
    for lead in leads[:5]:
        container.leads.change_status(ctx(minutes=20), lead, S.CONTACTED)
    for lead in leads[:2]:
        container.leads.change_status(ctx(minutes=21), lead, S.QUALIFIED)
    container.leads.add_note(ctx(minutes=22), leads[3], "called back")
    container.leads.change_status(ctx(minutes=23), leads[6], S.LOST, reason="no budget")
    # Batches of 3 split a lead's events across batches and put several in one.
    catch_up(container, batch_size=3)
    with container.pool.connection() as conn:
        assert list_leads(conn, EMPLOYEE, LeadFilter()).counts == _counted(conn)
        for source in ("website", "referral", "fair"):
            assert list_leads(conn, EMPLOYEE, LeadFilter(source=source)).counts == _counted(conn, source)
        # A date filter is not kept: the page counts the rows it matches.
        assert list_leads(conn, EMPLOYEE, LeadFilter(created_from=T0 + timedelta(minutes=5))).counts == {
            "new": 3,
            "lost": 1,
        }


def test_replayed_batch_changes_no_row_and_no_count_when_applied_twice(container: Container) -> None:
    lead = _register(container, "Twice", 0, source="website")
    container.leads.change_status(ctx(minutes=1), lead, S.CONTACTED)
    container.leads.add_note(ctx(minutes=2), lead, "first call")
    catch_up(container)
    projection = container.projection("lead_pipeline")
    reader = container.runner(projection)._log
    with container.source.connect() as conn:
        before = (pipeline_rows(conn), conn.execute("SELECT * FROM lead_counts ORDER BY 1, 2").fetchall())
        gen = next(g for g in catalog.generations(conn, "lead_pipeline") if g.status == "active")
        events = [(r[0], r[3], reader.decode(r)) for r in reader.read(conn, 0, 100)]
        with conn.transaction(), conn.cursor() as cur:
            projection.apply_batch(cur, events, gen.tables(projection))
        after = (pipeline_rows(conn), conn.execute("SELECT * FROM lead_counts ORDER BY 1, 2").fetchall())
    assert after == before


def test_detail_shows_the_latest_notes_oldest_first_when_a_thread_is_long(container: Container) -> None:
    lead = _register(container, "Chatty", 0)
    for i in range(LATEST_NOTES + 5):
        container.leads.add_note(ctx(minutes=i + 1), lead, f"note {i}")
    catch_up(container)
    with container.pool.connection() as conn:
        row = get_lead(conn, EMPLOYEE, lead)
    assert row is not None and row["notes_count"] == LATEST_NOTES + 5
    assert [n["text"] for n in row["notes"]] == [f"note {i}" for i in range(5, LATEST_NOTES + 5)]


def test_client_user_sees_no_lead_when_listing_or_reading(container: Container) -> None:
    lead = _register(container, "Agency business", 0)
    catch_up(container)
    client = Scope(user_id=UUID(int=9), role="client", client_id="org-1")
    with container.pool.connection() as conn:
        page = list_leads(conn, client, LeadFilter())
        assert (page.items, page.counts, page.next_cursor) == ([], {}, None)
        assert get_lead(conn, client, lead) is None
