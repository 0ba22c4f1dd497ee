"""The generic process manager: a tracked follower of the log, position kept in PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar

import pytest

from baton.container import Container, build
from domain.leads import Lead, NewLead
from processes import manager
from processes.manager import ProcessManager, ProcessRunner, reacts_to
from tests.builders import ctx, settings
from tests.builders.identity import TEST_SECRET_KEY


class LeadCounter(ProcessManager):
    """Remembers the leads it saw; fails on a lead named 'boom' while ``fail`` is set."""

    name: ClassVar[str] = "lead_counter"

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[str] = []
        self.fail = False

    @reacts_to(Lead.Registered)
    def registered(self, event: Any) -> None:
        if self.fail and event.name == "boom":
            raise RuntimeError("the downstream system is down")
        self.seen.append(event.name)


@pytest.fixture
def container(database_url: str, schema: str) -> Iterator[Container]:
    built = build(settings(database_url, schema, secret_key=TEST_SECRET_KEY))
    yield built
    built.close()


def test_reacts_once_to_each_event_and_resumes_from_its_tracked_position(container: Container) -> None:
    counter = LeadCounter()
    runner = ProcessRunner(counter, container.source, batch_size=2)
    for name in ("a", "b", "c"):
        container.leads.register(ctx(), NewLead(name=name))
        container.leads.add_note(
            ctx(), container.leads.register(ctx(), NewLead(name=f"{name}2")).id, "not a registration"
        )
    with container.source.connect() as conn:
        runner.run_until_caught_up(conn)
        assert counter.seen == ["a", "a2", "b", "b2", "c", "c2"]
        assert manager.position(conn, "lead_counter") == container.head()
        # A new runner (another process, a restart) starts where the last one stopped.
        container.leads.register(ctx(), NewLead(name="d"))
        fresh = LeadCounter()
        ProcessRunner(fresh, container.source).run_until_caught_up(conn)
        assert fresh.seen == ["d"]


def test_failed_reaction_keeps_the_position_so_the_event_is_retried(container: Container) -> None:
    counter = LeadCounter()
    counter.fail = True
    runner = ProcessRunner(counter, container.source)
    for name in ("before", "boom", "after"):
        container.leads.register(ctx(), NewLead(name=name))
    with container.source.connect() as conn:
        manager.ensure_schema(conn)
        with pytest.raises(RuntimeError):
            runner.step(conn)
        assert counter.seen == ["before"]
        counter.fail = False
        runner.run_until_caught_up(conn)
    assert counter.seen == ["before", "boom", "after"]
