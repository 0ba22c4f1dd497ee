"""Invitation email over a real Redis broker: a lost broker message loses no email."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from baton.container import Container, build
from baton.email_wiring import email_queue_name
from domain.context import Actor
from domain.outbox import OutboundEmail
from domain.users import Invitation, Role
from processes.invitation_emails import email_id_for
from processes.manager import ProcessRunner
from tests.builders import settings
from tests.builders.email_resends import resend_due_emails
from tests.builders.identity import TEST_SECRET_KEY
from tests.builders.smtp import Mailbox, smtp_server, smtp_settings

pytestmark = pytest.mark.redis


@pytest.fixture
def mail() -> Iterator[tuple[Mailbox, int]]:
    with smtp_server() as server:
        yield server


def follow(container: Container) -> None:
    with container.source.connect() as conn:
        for manager in container.processes:
            ProcessRunner(manager, container.source).run_until_caught_up(conn)
        for projection in container.projections:
            container.runner(projection).run_until_caught_up(conn)


def test_swept_email_is_sent_when_the_broker_lost_its_message(
    database_url: str, schema: str, redis_url: str, mail: tuple[Mailbox, int]
) -> None:
    mailbox, port = mail
    container = build(
        settings(database_url, schema, secret_key=TEST_SECRET_KEY, redis_url=redis_url, **smtp_settings(port))
    )
    try:
        ctx = container.identity.deps.ctx(Actor.system())
        invited = container.users.invite(
            ctx, Invitation(email="redis.hire@example.com", name="Redis Hire", role=Role.EMPLOYEE)
        )
        follow(container)  # the email is queued and its message is in Redis
        container.broker.flush(email_queue_name(schema))  # ... and now the message is lost
        email_id = email_id_for(next(iter(container.app.events.get(invited.id))))  # type: ignore[arg-type]
        container.start_worker()
        assert container.app.load(OutboundEmail, email_id).status == "queued"
        assert resend_due_emails(container) == [email_id]
        mailbox.wait_for("redis.hire@example.com")
        # The server accepted the email just before the worker recorded it as sent.
        deadline = time.monotonic() + 10
        while container.app.load(OutboundEmail, email_id).status != "sent" and time.monotonic() < deadline:
            time.sleep(0.05)
        follow(container)
        assert container.app.load(OutboundEmail, email_id).status == "sent"
        assert resend_due_emails(container) == []
    finally:
        container.broker.flush(email_queue_name(schema))
        container.close()
