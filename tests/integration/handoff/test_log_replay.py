"""Replaying a handoff's log into a fresh database gives the same handoff and the same emails, and sends none again."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from baton.container import build
from domain.handoff import Stage
from domain.handoff.aggregate import Handoff
from domain.handoff.ids import handoff_id
from domain.outbox import OutboundEmail
from tests.builders import settings
from tests.builders.identity import TEST_SECRET_KEY
from tests.builders.schemas import fresh_schema
from tests.builders.smtp import Mailbox, smtp_server
from tests.integration.billing.test_log_replay import copy_log, settled, start, wait
from tests.integration.billing.views import table_rows
from tests.unit.handoff.world import World


@pytest.fixture
def mail() -> Iterator[tuple[Mailbox, int]]:
    with smtp_server() as server:
        yield server


def queued(container: object) -> list[str]:
    app = container.app  # type: ignore[attr-defined]
    found = [app.mapper.to_domain_event(n) for n in app.recorder.select_notifications(start=1, limit=1_000_000)]
    return sorted(
        str(e.originator_id) for e in found if isinstance(e, OutboundEmail.Queued) and e.template.startswith("handoff.")
    )


def test_replaying_the_log_into_a_fresh_database_rebuilds_the_handoff_and_sends_nothing_again(
    database_url: str, schema: str, mail: tuple[Mailbox, int]
) -> None:
    mailbox, port = mail
    original = start(database_url, schema, port)
    try:
        world = World(original.app)
        world.to_stage(Stage.LAUNCHED)
        world.for_handoff()
        world.handoffs.hand_off(world.as_("admin", 30), world.project_id, world.evidence(), override_reason="Replay")
        record = handoff_id(world.project_id)
        # Client trained (queue and client), launched (queue), handed off (client): four emails.
        wait(lambda: len(queued(original)) == 4, "the handoff's four emails to be queued")
        wait(
            lambda: (
                len([m for m in mailbox.messages if "Client" in str(m["Subject"]) or "support" in str(m["Subject"])])
                >= 4
            ),
            "the handoff's four emails to arrive",
        )
        wait(lambda: original.app.load(Handoff, record).window_closed, "the window's timer (its end is past)")
        wait(lambda: settled(original), "the original to settle")
        board = table_rows(original, original.projection("handoff_board"))
        emails, head = queued(original), original.head()
        state = original.app.load(Handoff, record)
    finally:
        original.close()
    sent_before = len(mailbox.messages)
    subjects = sorted(str(m["Subject"]) for m in mailbox.messages)
    assert [s for s in subjects if s.startswith(("Client ", "Meet ", "Your support"))] == [
        "Client launched: Stone & Co",
        "Client trained: Stone & Co",
        "Meet your support team for Website relaunch",
        "Your support team from now on",
    ]
    assert len(emails) == 4

    with fresh_schema(database_url) as replica:
        build(settings(database_url, replica, secret_key=TEST_SECRET_KEY)).close()
        copy_log(database_url, schema, replica)
        copy = start(database_url, replica, port)
        try:
            wait(lambda: settled(copy), "the replica's views and processes to reach the head", timeout=120)
            wait(lambda: copy.head() == head, "no new event")  # noqa: B023
            assert table_rows(copy, copy.projection("handoff_board")) == board
            assert queued(copy) == emails
            replayed = copy.app.load(Handoff, record)
            assert (replayed.stage, replayed.data, replayed.ticks, replayed.window_closed) == (
                state.stage,
                state.data,
                state.ticks,
                True,
            )
        finally:
            copy.close()
    assert len(mailbox.messages) == sent_before, "an email was sent again"
