"""A process manager fed the same events twice, and a send delivered twice, have no extra effect."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from uuid import UUID

import pytest
from eventsourcing.persistence import StoredEvent

from baton.container import Container, build
from domain.context import Actor, CommandContext
from domain.users import Invitation, Role
from processes.invitation_emails import InvitationEmails
from processes.manager import ProcessRunner
from tests.builders import ctx, settings
from tests.builders.identity import TEST_SECRET_KEY
from tests.builders.smtp import Mailbox, smtp_server, smtp_settings
from tests.robustness.ledger import connect


@pytest.fixture
def mail_and_container(database_url: str, schema: str) -> Iterator[tuple[Mailbox, Container]]:
    with smtp_server() as (mailbox, port):
        container = build(settings(database_url, schema, secret_key=TEST_SECRET_KEY, **smtp_settings(port)))
        try:
            yield mailbox, container
        finally:
            container.close()


def _invite_three_and_resend_one(container: Container) -> None:
    admin = CommandContext(actor=Actor.system("admin"), now=ctx().now)
    ids = [
        container.users.invite(
            admin, Invitation(email=f"new{n}@example.com", name=f"New hire {n}", role=Role.EMPLOYEE)
        ).id
        for n in range(3)
    ]
    container.users.resend_invitation(admin, ids[0])


def _topics(conn: Any) -> dict[str, int]:
    return dict(conn.execute("SELECT topic, count(*) FROM baton_events GROUP BY topic").fetchall())


def _queued_email_ids(conn: Any) -> list[UUID]:
    rows = conn.execute("SELECT originator_id FROM baton_events WHERE topic = 'baton.email.Queued'").fetchall()
    return [r[0] for r in rows]


def _invitation_manager(container: Container) -> InvitationEmails:
    return next(p for p in container.processes if isinstance(p, InvitationEmails))


def test_replaying_the_log_through_the_invitation_process_queues_nothing_new(
    mail_and_container: tuple[Mailbox, Container], database_url: str, schema: str
) -> None:
    _, container = mail_and_container
    _invite_three_and_resend_one(container)
    manager = _invitation_manager(container)
    runner = ProcessRunner(manager, container.source)
    with connect(database_url, schema) as conn:
        runner.run_until_caught_up(conn)
        first = _topics(conn)
        assert first["baton.email.Queued"] == 4

        # As after a crash between the command and the position update: the whole log again.
        conn.execute("UPDATE process_state SET position = 0 WHERE name = %s", (manager.name,))
        runner.run_until_caught_up(conn)
        assert _topics(conn) == first

        # And the same events handed straight to the manager once more.
        rows = conn.execute(
            "SELECT originator_id, originator_version, topic, state FROM baton_events WHERE topic = ANY(%s)",
            (manager.topics,),
        ).fetchall()
        for originator_id, version, topic, state in rows:
            event = container.app.mapper.to_domain_event(StoredEvent(originator_id, version, topic, bytes(state)))
            manager.react(event, topic)
        assert _topics(conn) == first


def test_a_send_delivered_twice_reaches_the_recipient_once(
    mail_and_container: tuple[Mailbox, Container], database_url: str, schema: str
) -> None:
    mailbox, container = mail_and_container
    _invite_three_and_resend_one(container)
    with connect(database_url, schema) as conn:
        ProcessRunner(_invitation_manager(container), container.source).run_until_caught_up(conn)
        email_ids = _queued_email_ids(conn)
        # A broker may deliver a message twice, and the sweep re-enqueues: the actor's work must not repeat.
        for email_id in email_ids + email_ids:
            container.email_actor(str(email_id))  # the actor's own code, run here
        topics = _topics(conn)
    assert len(email_ids) == 4
    recipients = sorted(m["To"] for m in mailbox.messages)
    # The first invitation to new0 was replaced by the resend, so it is dropped rather than sent.
    assert recipients == ["new0@example.com", "new1@example.com", "new2@example.com"]
    assert topics["baton.email.Sent"] == 3
    assert topics.get("baton.email.Dropped", 0) == 1
