"""The email resend process keeps one deadline per unsent email: scheduled, moved after a failure, cancelled when settled."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from uuid import UUID

import pytest

from baton.container import Container, build
from domain.context import Actor
from domain.users import Invitation, Role
from processes.email_resends import OWNER, RESEND
from processes.invitation_emails import email_id_for
from processes.manager import ProcessRunner
from processes.timers import Deadline
from tests.builders import settings
from tests.builders.email_resends import resend_due_emails
from tests.builders.identity import TEST_SECRET_KEY
from tests.e2e.server import free_port

AFTER = timedelta(minutes=5)


@pytest.fixture
def container(database_url: str, schema: str) -> Iterator[Container]:
    down = {"smtp_host": "127.0.0.1", "smtp_port": free_port(), "smtp_tls": "none"}
    c = build(settings(database_url, schema, secret_key=TEST_SECRET_KEY, email_sweep_interval=300, **down))
    yield c
    c.close()


def _follow(container: Container) -> None:
    with container.source.connect() as conn:
        for manager in container.processes:
            ProcessRunner(manager, container.source).run_until_caught_up(conn)


def _invite(container: Container, email: str) -> UUID:
    ctx = container.identity.deps.ctx(Actor.system())
    invited = container.users.invite(ctx, Invitation(email=email, name="New Hire", role=Role.EMPLOYEE))
    _follow(container)
    return email_id_for(next(iter(container.app.events.get(invited.id))))  # type: ignore[arg-type]


def _resend(container: Container, email_id: UUID) -> Deadline:
    found = container.deadlines.find(owner=OWNER, purpose=RESEND, subject=str(email_id))
    assert found is not None
    return found


def _events(container: Container, email_id: UUID) -> list[object]:
    return list(container.app.events.get(email_id))


def test_resend_deadline_follows_the_email_from_queued_to_failed_to_dropped(container: Container) -> None:
    email_id = _invite(container, "first@example.com")
    queued_at = _events(container, email_id)[0].timestamp  # type: ignore[attr-defined]
    assert (_resend(container, email_id).due_at, _resend(container, email_id).status) == (
        queued_at + AFTER,
        "scheduled",
    )

    container.email_actor.fn(str(email_id))  # the mail server is down
    _follow(container)
    failed_at = _events(container, email_id)[-1].timestamp  # type: ignore[attr-defined]
    assert _resend(container, email_id).due_at == failed_at + AFTER

    container.emails.drop(container.identity.deps.ctx(Actor.system()), email_id, "no longer wanted")
    _follow(container)
    assert _resend(container, email_id).status == "cancelled"
    assert resend_due_emails(container) == []


def test_resend_that_enqueues_books_the_next_look_until_the_email_is_sent(container: Container) -> None:
    email_id = _invite(container, "second@example.com")
    enqueued: list[UUID] = []
    assert resend_due_emails(container, enqueued.append) == [email_id]
    assert enqueued == [email_id]
    again = _resend(container, email_id)
    assert again.status == "scheduled" and again.due_at > container.clock.now() + AFTER - timedelta(seconds=5)
    # Re-processing the whole log puts the deadline where the email's history says (the handler's own
    # look-again is not history): still scheduled for the unsent email, never cancelled or doubled.
    with container.source.connect() as conn:
        conn.execute("UPDATE process_state SET position = 0")
    _follow(container)
    replayed = _resend(container, email_id)
    queued_at = _events(container, email_id)[0].timestamp  # type: ignore[attr-defined]
    assert (replayed.status, replayed.due_at) == ("scheduled", queued_at + AFTER)
    assert len(container.deadlines.listing()) == 1
