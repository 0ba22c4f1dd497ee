"""The lead pipeline equals a fresh rebuild, and a new version swaps in whole."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
from rich.console import Console

from baton.container import Container, build
from baton.rebuild import rebuild
from domain.leads import NewLead
from projections.engine import catalog
from projections.leads import LeadPipeline
from tests.builders import ctx, settings
from tests.builders.pipeline import catch_up, pipeline_rows, record_history


@pytest.fixture
def container(database_url: str, schema: str) -> Iterator[Container]:
    c = build(settings(database_url, schema, projection_batch_size=13))
    yield c
    c.close()


class LeadPipelineNext(LeadPipeline):
    """The same view under a new version: the runner must rebuild it aside."""

    version = LeadPipeline.version + 1


OLD, NEW = LeadPipeline.version, LeadPipelineNext.version


def test_pipeline_equals_a_fresh_rebuild_when_many_commands_have_run(container: Container) -> None:
    history = record_history(container.leads, 60)
    catch_up(container)
    with container.pool.connection() as conn:
        before = pipeline_rows(conn)
        (active,) = [g for g in catalog.generations(conn, "lead_pipeline") if g.status == "active"]
    assert len(before[0]) == 60
    assert sum(history.notes.values()) == len(before[1])
    assert active.events_applied == history.events
    assert active.position == history.last_position

    out = Console(record=True, width=120)
    rebuild(container, "lead_pipeline", out)

    with container.pool.connection() as conn:
        after = pipeline_rows(conn)
        gens = catalog.generations(conn, "lead_pipeline")
    assert after == before
    assert [(g.generation, g.status) for g in gens] == [
        (active.generation, "retired"),
        (active.generation + 1, "active"),
    ]
    assert gens[-1].events_applied == history.events
    printed = out.export_text()
    assert "events/s" in printed and "is active" in printed


def test_notes_counts_match_the_log_when_caught_up(container: Container) -> None:
    history = record_history(container.leads, 25, notes_per_lead=4)
    catch_up(container)
    with container.pool.connection() as conn:
        counts = dict(conn.execute("SELECT id, notes_count FROM lead_pipeline").fetchall())
        written = dict(conn.execute("SELECT lead_id, count(*) FROM lead_notes GROUP BY lead_id").fetchall())
    assert counts == history.notes
    assert written == {k: v for k, v in history.notes.items() if v}


def _snapshot(conn: Any) -> tuple[Any, ...]:
    # One statement is one snapshot: what readers see, and where the build stands.
    row = conn.execute(
        "SELECT (SELECT count(*) FROM lead_pipeline), (SELECT count(*) FROM lead_notes),"
        " (SELECT version FROM projection_state WHERE name = 'lead_pipeline' AND status = 'active'),"
        " (SELECT position FROM projection_state WHERE name = 'lead_pipeline' AND status = 'building')"
    ).fetchone()
    assert row is not None
    return tuple(row)


def test_readers_never_see_a_partial_table_when_a_new_version_is_built(container: Container) -> None:
    history = record_history(container.leads, 80)
    catch_up(container)
    with container.pool.connection() as conn:
        before = pipeline_rows(conn)
    leads, notes = len(before[0]), len(before[1])

    samples: list[tuple[Any, ...]] = []
    done = threading.Event()

    def read_continuously() -> None:
        with container.source.connect() as conn:
            while not done.is_set():
                samples.append(_snapshot(conn))
            samples.append(_snapshot(conn))

    reader = threading.Thread(target=read_continuously)
    reader.start()
    try:
        catch_up(container, LeadPipelineNext(), batch_size=5)
    finally:
        done.set()
        reader.join(timeout=30)

    assert samples, "the reader never ran"
    assert all((s[0], s[1]) == (leads, notes) for s in samples), "a reader saw a partial table"
    during = [s for s in samples if s[3] is not None and 0 < s[3] < history.last_position]
    assert during, "no read happened while the new version was being built"
    assert all(s[2] == OLD for s in during)
    assert samples[-1][2] == NEW and samples[-1][3] is None
    with container.pool.connection() as conn:
        assert pipeline_rows(conn) == before
        states = [(g.version, g.status) for g in catalog.generations(conn, "lead_pipeline")]
        leftovers = conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
            " AND table_name LIKE 'lead_%%__g1'"
        ).fetchall()
    assert states == [(OLD, "retired"), (NEW, "active")]
    assert leftovers == []


def test_old_version_stands_down_when_a_newer_version_is_live(container: Container) -> None:
    record_history(container.leads, 10)
    catch_up(container, LeadPipelineNext())
    container.leads.register(ctx(minutes=999), NewLead(name="Late arrival"))

    catch_up(container)  # a process still running the old version

    with container.pool.connection() as conn:
        states = [(g.version, g.status) for g in catalog.generations(conn, "lead_pipeline")]
        names = [r[0] for r in conn.execute("SELECT name FROM lead_pipeline").fetchall()]
    assert states == [(NEW, "active")]
    assert "Late arrival" not in names


def test_rebuild_is_refused_when_a_newer_version_is_live(container: Container) -> None:
    record_history(container.leads, 5)
    catch_up(container, LeadPipelineNext())
    out = Console(record=True, width=200)

    assert rebuild(container, "lead_pipeline", out) is False

    assert f"version {NEW} is live" in out.export_text()
    with container.pool.connection() as conn:
        assert [(g.version, g.status) for g in catalog.generations(conn, "lead_pipeline")] == [(NEW, "active")]


def test_old_version_keeps_readers_current_when_a_newer_version_is_still_building(container: Container) -> None:
    record_history(container.leads, 20)
    catch_up(container)
    newer = container.runner(LeadPipelineNext(), batch_size=5, build_batch_size=5)
    with container.source.connect() as building_conn:
        assert newer.try_lock(building_conn)
        newer.step(building_conn)  # the new version has started, far from done

        container.leads.register(ctx(minutes=500), NewLead(name="Fresh lead"))
        catch_up(container)  # a process still on the older version, rolling deploy in progress

        with container.pool.connection() as conn:
            names = [r[0] for r in conn.execute("SELECT name FROM lead_pipeline").fetchall()]
            states = {(g.version, g.status): g.position for g in catalog.generations(conn, "lead_pipeline")}
            before = pipeline_rows(conn)
        assert "Fresh lead" in names
        assert states[(NEW, "building")] == 5, "the older process must not touch the newer build"

        newer.run_until_caught_up(building_conn)
        newer.unlock(building_conn)

    with container.pool.connection() as conn:
        assert pipeline_rows(conn) == before
        assert [(g.version, g.status) for g in catalog.generations(conn, "lead_pipeline")] == [
            (OLD, "retired"),
            (NEW, "active"),
        ]
