"""Process managers track the log like projections: one position update per batch."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar

import pytest

from baton.container import Container, build
from domain.leads import Lead, NewLead
from processes import manager
from processes.manager import ProcessManager, ProcessRunner, reacts_to
from tests.builders import ctx, settings


class PositionWatcher(ProcessManager):
    """Notes, at each lead registered, where its own tracked position stands (seen from another session)."""

    name: ClassVar[str] = "position_watcher"

    def __init__(self, container: Container, fail_on: str = "") -> None:
        super().__init__()
        self.container = container
        self.fail_on = fail_on
        self.seen: list[tuple[str, int]] = []

    @reacts_to(Lead.Registered)
    def registered(self, event: Any) -> None:
        if event.name == self.fail_on:
            raise RuntimeError("the downstream system is down")
        with self.container.source.connect() as other:
            self.seen.append((event.name, manager.position(other, self.name)))


@pytest.fixture
def container(database_url: str, schema: str) -> Iterator[Container]:
    c = build(settings(database_url, schema))
    yield c
    c.close()


def test_position_moves_once_past_the_whole_batch_not_event_by_event(container: Container) -> None:
    positions = [container.leads.register(ctx(), NewLead(name=f"lead {i}")).position for i in range(5)]
    watcher = PositionWatcher(container)
    with container.source.connect() as conn:
        manager.ensure_schema(conn)
        assert ProcessRunner(watcher, container.source, batch_size=3).step(conn) == 3
        assert manager.position(conn, watcher.name) == positions[2]
        ProcessRunner(watcher, container.source, batch_size=3).run_until_caught_up(conn)
        assert manager.position(conn, watcher.name) == positions[-1]
    assert watcher.seen == [(f"lead {i}", 0 if i < 3 else positions[2]) for i in range(5)]


def test_failed_reaction_leaves_the_position_just_before_its_event(container: Container) -> None:
    positions = [container.leads.register(ctx(), NewLead(name=name)).position for name in ("a", "b", "boom", "c")]
    watcher = PositionWatcher(container, fail_on="boom")
    with container.source.connect() as conn:
        manager.ensure_schema(conn)
        with pytest.raises(RuntimeError):
            ProcessRunner(watcher, container.source).step(conn)
        assert manager.position(conn, watcher.name) == positions[1]
        watcher.fail_on = ""
        ProcessRunner(watcher, container.source).run_until_caught_up(conn)
        handled = conn.execute("SELECT events_handled FROM process_state WHERE name = %s", (watcher.name,)).fetchone()
    assert [name for name, _ in watcher.seen] == ["a", "b", "boom", "c"]
    assert handled == (4,)
