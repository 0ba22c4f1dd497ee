"""The email outbox's rows, given outbound email events: no PostgreSQL, the in-memory writer."""

from __future__ import annotations

from uuid import UUID, uuid4

import pytest

from domain.application import BatonApplication
from domain.outbox.commands import EmailCommands
from projections.engine import Row, replay
from projections.outbox import EmailOutbox
from tests.builders import T0, ctx
from tests.unit.projections.log import events_of


@pytest.fixture
def emails(app: BatonApplication) -> EmailCommands:
    return EmailCommands(app)


def outbox(app: BatonApplication) -> dict[UUID, Row]:
    view = replay(EmailOutbox(), events_of(app))
    return {row["id"]: row for row in view.rows("email_outbox")}


def queue(emails: EmailCommands) -> UUID:
    email_id = uuid4()
    emails.queue(ctx(), email_id, to="avery@example.com", template="invitation", data={})
    return email_id


def test_queued_email_waits_with_no_attempts(app: BatonApplication, emails: EmailCommands) -> None:
    email = queue(emails)

    row = outbox(app)[email]

    assert (row["to_address"], row["template"], row["status"]) == ("avery@example.com", "invitation", "queued")
    assert (row["attempts"], row["last_error"], row["queued_at"], row["settled_at"]) == (0, "", T0, None)


def test_failed_attempts_are_counted_then_the_email_settles_when_sent(
    app: BatonApplication, emails: EmailCommands
) -> None:
    email = queue(emails)
    emails.mark_failed(ctx(minutes=1), email, "connection refused")
    emails.mark_sent(ctx(minutes=5), email, "smtp")

    row = outbox(app)[email]

    assert (row["status"], row["attempts"], row["last_error"]) == ("sent", 1, "connection refused")
    assert row["settled_at"] > row["queued_at"]


def test_dropped_email_is_settled_as_dropped(app: BatonApplication, emails: EmailCommands) -> None:
    email = queue(emails)
    emails.drop(ctx(minutes=2), email, "replaced by a newer invitation")

    assert outbox(app)[email]["status"] == "dropped"
