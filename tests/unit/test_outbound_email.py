"""Outbound email: queueing is idempotent by id; sent or dropped emails are settled."""

from __future__ import annotations

from uuid import uuid4

import pytest

from domain.application import BatonApplication
from domain.errors import RuleViolation
from domain.outbox.commands import EmailCommands
from tests.builders import ctx


@pytest.fixture
def emails(app: BatonApplication) -> EmailCommands:
    return EmailCommands(app)


def test_queueing_twice_with_one_id_has_no_second_effect(emails: EmailCommands) -> None:
    email_id = uuid4()
    first = emails.queue(ctx(), email_id, to="a@x.co", template="invitation", data={"user_id": "u"})
    again = emails.queue(ctx(), email_id, to="a@x.co", template="invitation", data={"user_id": "u"})
    assert first is not None and first.version == 1
    assert again is None
    assert emails.get(email_id).status == "queued"


def test_sent_email_cannot_be_sent_or_dropped_again(emails: EmailCommands) -> None:
    email_id = uuid4()
    emails.queue(ctx(), email_id, to="a@x.co", template="invitation", data={})
    emails.mark_failed(ctx(), email_id, "connection refused")
    emails.mark_sent(ctx(), email_id, "smtp")
    email = emails.get(email_id)
    assert (email.status, email.attempts, email.settled) == ("sent", 1, True)
    with pytest.raises(RuleViolation, match="already sent"):
        emails.mark_sent(ctx(), email_id, "smtp")
    with pytest.raises(RuleViolation):
        emails.drop(ctx(), email_id, "late")
