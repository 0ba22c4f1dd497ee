"""Invitations end to end inside one process: the process manager queues the email,
the dramatiq actor sends it through a real SMTP server, the link works once."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import psycopg
import pytest

from api.identity.base import RequestMeta, utc_now
from baton.container import Container, build
from domain.context import Actor
from domain.identity.errors import InvitationUnusable
from domain.outbox import OutboundEmail
from domain.users import Invitation, Role
from processes.invitation_emails import email_id_for
from processes.manager import ProcessRunner
from tests.builders import settings
from tests.builders.email_resends import resend_due_emails
from tests.builders.identity import TEST_SECRET_KEY
from tests.builders.smtp import Mailbox, invitation_token, smtp_server, smtp_settings
from tests.e2e.server import free_port

META = RequestMeta(address="10.0.0.5")
PASSWORD = "Welcome-to-baton-1"


@pytest.fixture
def mail() -> Iterator[tuple[Mailbox, int]]:
    with smtp_server() as server:
        yield server


def make(database_url: str, schema: str, port: int, **extra: Any) -> Container:
    return build(settings(database_url, schema, secret_key=TEST_SECRET_KEY, **smtp_settings(port), **extra))


def follow(container: Container) -> None:
    """Run every process manager and projection until they reach the head of the log."""
    with container.source.connect() as conn:
        for manager in container.processes:
            ProcessRunner(manager, container.source).run_until_caught_up(conn)
        for projection in container.projections:
            container.runner(projection).run_until_caught_up(conn)


def invite(container: Container, email: str = "new.hire@example.com", role: Role = Role.EMPLOYEE) -> Any:
    ctx = container.identity.deps.ctx(Actor.user("0" * 32, "admin"))
    return container.users.invite(ctx, Invitation(email=email, name="New Hire", role=role))


def test_invitation_email_arrives_once_even_when_the_process_replays_the_log(
    database_url: str, schema: str, mail: tuple[Mailbox, int]
) -> None:
    mailbox, port = mail
    container = make(database_url, schema, port)
    try:
        container.start_worker()
        invited = invite(container)
        follow(container)
        [message] = mailbox.wait_for("new.hire@example.com")
        assert message["Subject"] == "Your invitation to Baton" and "The link expires on" in message.get_content()
        token = invitation_token(message)
        assert container.identity.invitations.check(token)[0].id == invited.id
        # Replay from the start: same event, same email id, nothing new is sent.
        with container.source.connect() as conn:
            conn.execute("UPDATE process_state SET position = 0")
        follow(container)
        time.sleep(1.0)  # time for a second email to arrive, if one were (wrongly) sent
        assert len(mailbox.messages) == 1
        email_id = email_id_for(next(iter(container.app.events.get(invited.id))))  # type: ignore[arg-type]
        topics = [type(e).TOPIC for e in container.app.events.get(email_id)]  # type: ignore[attr-defined]
        assert topics == ["baton.email.Queued", "baton.email.Sent"]
        assert token not in str(list(container.app.events.get(email_id)))
    finally:
        container.close()


def test_resend_invalidates_the_previous_link_at_once(
    database_url: str, schema: str, mail: tuple[Mailbox, int]
) -> None:
    mailbox, port = mail
    container = make(database_url, schema, port)
    try:
        container.start_worker()
        invited = invite(container)
        follow(container)
        first = invitation_token(mailbox.wait_for("new.hire@example.com")[0])
        container.users.resend_invitation(container.identity.deps.ctx(Actor.system()), invited.id)
        with pytest.raises(InvitationUnusable, match="Ask an admin to resend"):
            container.identity.invitations.check(first)
        follow(container)
        second = invitation_token(mailbox.wait_for("new.hire@example.com", count=2)[1])
        assert second != first
        container.identity.invitations.accept(second, PASSWORD, PASSWORD, META)
        with pytest.raises(InvitationUnusable, match="already been used"):
            container.identity.invitations.accept(second, PASSWORD, PASSWORD, META)
        assert container.identity.signin.login("NEW.HIRE@example.com", PASSWORD, META).stage == "enrol"
    finally:
        container.close()


def test_expired_link_is_refused_with_a_message_to_ask_an_admin(database_url: str, schema: str) -> None:
    container = build(settings(database_url, schema, secret_key=TEST_SECRET_KEY))
    try:
        user_id, link = container.identity.invitations.create_admin("first.admin@example.com", "First Admin")
        token = link.rsplit("/", 1)[1]
        container.identity.deps.clock = lambda: utc_now() + timedelta(hours=48, minutes=1)
        with pytest.raises(InvitationUnusable, match="expired.*Ask an admin to resend your invitation"):
            container.identity.invitations.accept(token, PASSWORD, PASSWORD, META)
        container.identity.deps.clock = utc_now
        assert container.identity.invitations.accept(token, PASSWORD, PASSWORD, META) == user_id
    finally:
        container.close()


def test_command_succeeds_and_the_sweep_sends_when_redis_is_down_at_enqueue(
    database_url: str, schema: str, mail: tuple[Mailbox, int]
) -> None:
    mailbox, port = mail
    with socket.socket() as s:  # a port with nobody listening: Redis is "down"
        s.bind(("127.0.0.1", 0))
        dead_redis = f"redis://127.0.0.1:{s.getsockname()[1]}/0"
    container = make(database_url, schema, port, redis_url=dead_redis)
    try:
        invited = invite(container)
        follow(container)  # the process queues the email; enqueueing fails and is only logged
        email_id = email_id_for(next(iter(container.app.events.get(invited.id))))  # type: ignore[arg-type]
        assert container.app.load(OutboundEmail, email_id).status == "queued"
        assert mailbox.messages == []
        resent = resend_due_emails(container, lambda i: container.email_actor.fn(str(i)))
        assert resent == [email_id]
        mailbox.wait_for("new.hire@example.com")
        follow(container)
        assert resend_due_emails(container, lambda i: container.email_actor.fn(str(i))) == []
    finally:
        container.close()


def test_emails_are_written_to_the_outbox_folder_when_no_smtp_server_is_set(
    database_url: str, schema: str, tmp_path: Any
) -> None:
    container = build(settings(database_url, schema, secret_key=TEST_SECRET_KEY, data_dir=tmp_path))
    try:
        invited = invite(container)
        follow(container)
        email_id = email_id_for(next(iter(container.app.events.get(invited.id))))  # type: ignore[arg-type]
        assert container.email_actor.fn(str(email_id)) is None
        written = (tmp_path / "outbox" / f"{email_id}.eml").read_text()
        assert "To: new.hire@example.com" in written and "/welcome/" in written
        with psycopg.connect(database_url, options=f"-c search_path={schema}") as conn:
            row = conn.execute("SELECT count(*) FROM identity_invite_tokens").fetchone()
        assert row == (1,)
    finally:
        container.close()


def test_revoked_invitation_link_is_refused(database_url: str, schema: str) -> None:
    container = build(settings(database_url, schema, secret_key=TEST_SECRET_KEY))
    try:
        user_id, link = container.identity.invitations.create_admin("second.admin@example.com", "Second Admin")
        container.identity.revoke_invitation(container.identity.deps.ctx(Actor.system()), user_id, "typo in name")
        with pytest.raises(InvitationUnusable, match="Ask an admin to resend"):
            container.identity.invitations.check(link.rsplit("/", 1)[1])
    finally:
        container.close()


def test_failed_send_is_recorded_and_the_sweep_delivers_when_the_mail_server_is_back(
    database_url: str, schema: str
) -> None:
    port = free_port()  # nothing listens here yet: the mail server is down
    container = make(database_url, schema, port)
    try:
        invited = invite(container)
        follow(container)
        email_id = email_id_for(next(iter(container.app.events.get(invited.id))))  # type: ignore[arg-type]
        assert container.email_actor.fn(str(email_id)) is None
        email = container.app.load(OutboundEmail, email_id)
        assert (email.status, email.attempts) == ("queued", 1)
        follow(container)
        with smtp_server(port) as (mailbox, _):
            resent = resend_due_emails(container, lambda i: container.email_actor.fn(str(i)))
            assert resent == [email_id]
            mailbox.wait_for("new.hire@example.com")
        assert container.app.load(OutboundEmail, email_id).status == "sent"
    finally:
        container.close()


def test_email_is_dropped_after_ten_failed_attempts(database_url: str, schema: str) -> None:
    container = make(database_url, schema, free_port())
    try:
        invited = invite(container)
        follow(container)
        email_id = email_id_for(next(iter(container.app.events.get(invited.id))))  # type: ignore[arg-type]
        for _ in range(10):
            container.email_actor.fn(str(email_id))
        email = container.app.load(OutboundEmail, email_id)
        assert (email.status, email.attempts) == ("dropped", 10)
        container.email_actor.fn(str(email_id))
        assert container.app.load(OutboundEmail, email_id).version == email.version
    finally:
        container.close()
