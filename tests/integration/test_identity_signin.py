"""Signing in against real PostgreSQL: one answer for unknown email and wrong password,
throttling, MFA with replay protection, backup codes, sessions and their expiry."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import psycopg
import pyotp
import pytest

from api.identity.base import RequestMeta, utc_now
from api.identity.keys import SecretKeyMismatch
from api.identity.mfa import Proof
from api.identity.provision import ProvisionedUser
from baton.container import Container, build
from domain.errors import InvalidInput, RuleViolation
from domain.identity.errors import NotAuthenticated, TooManyAttempts
from domain.users import Role, User
from tests.builders import settings
from tests.builders.identity import TEST_SECRET_KEY, admin, client_user, employee

META = RequestMeta(address="10.1.2.3", user_agent="pytest")


@pytest.fixture
def container(database_url: str, schema: str) -> Iterator[Container]:
    built = build(settings(database_url, schema, secret_key=TEST_SECRET_KEY))
    yield built
    built.close()


def shift_clock(container: Container, delta: timedelta) -> None:
    container.identity.deps.clock = lambda: utc_now() + delta


def next_code(user: ProvisionedUser, container: Container, steps: int = 1) -> str:
    """A code of a later time step than any used so far (the provisioning used the current one)."""
    return pyotp.TOTP(user.totp_secret).at(container.identity.deps.clock() + timedelta(seconds=30 * steps))


def test_unknown_email_and_wrong_password_get_the_same_answer(container: Container) -> None:
    user = employee(container)
    with pytest.raises(NotAuthenticated) as unknown:
        container.identity.signin.login("nobody@example.com", user.password, META)
    with pytest.raises(NotAuthenticated) as wrong:
        container.identity.signin.login(user.email, "Wrong-password-1", META)
    assert unknown.value.detail == wrong.value.detail == "The email or password is incorrect."


def test_account_is_throttled_after_five_failures_even_for_the_right_password(container: Container) -> None:
    user = client_user(container)
    for _ in range(5):
        with pytest.raises(NotAuthenticated):
            container.identity.signin.login(user.email, "Wrong-password-1", RequestMeta(address="10.9.9.9"))
    with pytest.raises(TooManyAttempts, match="Try again in 15 minutes") as refused:
        container.identity.signin.login(user.email.upper(), user.password, RequestMeta(address="10.0.0.1"))
    assert refused.value.retry_after_seconds > 800
    shift_clock(container, timedelta(minutes=15, seconds=1))
    assert container.identity.signin.login(user.email, user.password, META).stage == "full"


def test_address_is_throttled_after_twenty_failures_across_accounts(container: Container) -> None:
    for n in range(20):
        with pytest.raises(NotAuthenticated):
            container.identity.signin.login(
                f"guess{n}@example.com", "Wrong-password-1", RequestMeta(address="10.7.7.7")
            )
    user = client_user(container)
    with pytest.raises(TooManyAttempts, match="your network address"):
        container.identity.signin.login(user.email, user.password, RequestMeta(address="10.7.7.7"))
    assert container.identity.signin.login(user.email, user.password, RequestMeta(address="10.7.7.8")).stage == "full"


def test_staff_without_mfa_get_an_enrolment_only_session_and_clients_a_full_one(container: Container) -> None:
    staff = employee(container, with_mfa=False)
    client = client_user(container)
    assert container.identity.signin.login(staff.email, staff.password, META).stage == "enrol"
    assert container.identity.signin.login(client.email, client.password, META).stage == "full"


def test_totp_code_works_once_when_signing_in_with_mfa(container: Container) -> None:
    user = admin(container)
    first = container.identity.signin.login(user.email, user.password, META)
    assert first.stage == "mfa"
    code = next_code(user, container)
    shift_clock(container, timedelta(seconds=30))
    signed_in = container.identity.signin.complete(first.token, code, META)
    assert signed_in.stage == "full"
    assert container.identity.sessions.authenticate(signed_in.token).stage == "full"
    for _ in range(6):  # more than the throttle allows: a code already used is no failed guess
        second = container.identity.signin.login(user.email, user.password, META)
        with pytest.raises(NotAuthenticated, match="already used: wait for the next code"):
            container.identity.signin.complete(second.token, code, META)
    shift_clock(container, timedelta(seconds=30))
    third = container.identity.signin.login(user.email, user.password, META)
    assert container.identity.signin.complete(third.token, next_code(user, container), META).stage == "full"


def test_backup_code_works_once_and_regeneration_kills_the_old_ones(container: Container) -> None:
    user = employee(container)
    challenge = container.identity.signin.login(user.email, user.password, META)
    assert container.identity.signin.complete(challenge.token, user.backup_codes[0].upper(), META).stage == "full"
    again = container.identity.signin.login(user.email, user.password, META)
    with pytest.raises(NotAuthenticated):
        container.identity.signin.complete(again.token, user.backup_codes[0], META)
    assert container.identity.mfa.remaining_backup_codes(user.user_id) == 9
    with pytest.raises(InvalidInput, match="Confirm it is you"):
        container.identity.mfa.regenerate_backup_codes(user.user_id, META)
    fresh = container.identity.mfa.regenerate_backup_codes(user.user_id, META, Proof(password=user.password))
    with pytest.raises(NotAuthenticated):
        container.identity.signin.complete(again.token, user.backup_codes[1], META)
    assert container.identity.signin.complete(again.token, fresh[0], META).stage == "full"


def test_mfa_challenge_cannot_be_used_as_a_session_and_expires(container: Container) -> None:
    user = admin(container)
    challenge = container.identity.signin.login(user.email, user.password, META)
    shift_clock(container, timedelta(minutes=6))
    with pytest.raises(NotAuthenticated, match="took too long"):
        container.identity.signin.complete(challenge.token, next_code(user, container), META)


def test_session_expires_after_eight_idle_hours_but_not_while_used(container: Container) -> None:
    user = client_user(container)
    shift_clock(container, timedelta(hours=7))
    container.identity.sessions.authenticate(user.token)
    shift_clock(container, timedelta(hours=14))
    container.identity.sessions.authenticate(user.token)
    shift_clock(container, timedelta(hours=22, minutes=1))
    with pytest.raises(NotAuthenticated, match="8 hours without activity"):
        container.identity.sessions.authenticate(user.token)


def test_password_change_ends_the_other_sessions_only(container: Container) -> None:
    user = client_user(container)
    other = container.identity.signin.login(user.email, user.password, META)
    current = container.identity.sessions.authenticate(user.token)
    container.identity.invitations.change_password(
        user.user_id, current.id, user.password, "Another-pass-99", "Another-pass-99", META
    )
    container.identity.sessions.authenticate(user.token)
    with pytest.raises(NotAuthenticated):
        container.identity.sessions.authenticate(other.token)
    with pytest.raises(NotAuthenticated):
        container.identity.signin.login(user.email, user.password, META)
    assert container.identity.signin.login(user.email, "Another-pass-99", META).stage == "full"


def test_mfa_reset_by_an_admin_ends_sessions_and_forces_enrolment(container: Container) -> None:
    boss = admin(container)
    user = employee(container)
    ctx = container.identity.deps.as_user(boss.user_id, "admin")
    container.identity.mfa.reset(ctx, user.user_id, "lost phone")
    with pytest.raises(NotAuthenticated):
        container.identity.sessions.authenticate(user.token)
    assert container.identity.signin.login(user.email, user.password, META).stage == "enrol"
    history = list(container.app.events.get(user.user_id))
    reset = next(e for e in history if isinstance(e, User.MfaReset))
    assert (reset.actor_id, reset.actor_role, reset.reason) == (str(boss.user_id), "admin", "lost phone")
    assert any(isinstance(e, User.SessionRevoked) and e.reason == "MFA reset by an admin" for e in history)


def test_secrets_are_stored_hashed_or_encrypted_and_never_in_the_event_log(
    container: Container, database_url: str, schema: str
) -> None:
    user = admin(container)
    challenge = container.identity.signin.login(user.email, user.password, META)
    container.identity.signin.complete(challenge.token, user.backup_codes[3], META)
    secrets = [user.password, user.totp_secret, user.token, challenge.token, *user.backup_codes]
    with psycopg.connect(database_url, options=f"-c search_path={schema}") as conn:
        stored = conn.execute("SELECT secret_encrypted FROM identity_totp").fetchone()
        assert stored is not None and user.totp_secret not in stored[0]
        assert container.identity.deps.keys.decrypt(stored[0]) == user.totp_secret
        password_hash = conn.execute("SELECT password_hash FROM identity_credentials").fetchone()
        assert password_hash is not None and password_hash[0].startswith("$argon2id$")
        log = b"".join(bytes(r[0]) for r in conn.execute("SELECT state FROM baton_events").fetchall())
        tables = " ".join(
            str(r)
            for table in (
                "identity_sessions",
                "identity_backup_codes",
                "identity_invite_tokens",
                "identity_credentials",
            )
            for r in conn.execute(f"SELECT * FROM {table}").fetchall()
        )
    for secret in secrets:
        assert secret.encode() not in log
        assert secret not in tables
    topics = [type(e).TOPIC for e in container.app.events.get(user.user_id)]  # type: ignore[attr-defined]
    assert "baton.user.LoginSucceeded" in topics and "baton.user.MfaEnabled" in topics


def test_user_lists_and_revokes_their_own_sessions_only(container: Container) -> None:
    user = client_user(container)
    other = container.identity.signin.login(user.email, user.password, META)
    stranger = client_user(container)
    sessions = container.identity.sessions.open_sessions(user.user_id)
    assert {s.id for s in sessions} == {other.session_id, container.identity.sessions.authenticate(user.token).id}
    ctx = container.identity.deps.as_user(user.user_id, "client")
    assert container.identity.sessions.end(ctx, user.user_id, "revoked", only=other.session_id) == [other.session_id]
    with pytest.raises(NotAuthenticated):
        container.identity.sessions.authenticate(other.token)
    stranger_session = container.identity.sessions.authenticate(stranger.token).id
    assert container.identity.sessions.end(ctx, user.user_id, "revoked", only=stranger_session) == []
    container.identity.sessions.authenticate(stranger.token)


def test_role_change_and_deactivation_end_every_session(container: Container) -> None:
    boss = admin(container)
    user = employee(container)
    ctx = container.identity.deps.as_user(boss.user_id, "admin")
    container.identity.change_role(ctx, user.user_id, Role.ADMIN)
    with pytest.raises(NotAuthenticated):
        container.identity.sessions.authenticate(user.token)
    container.identity.deactivate(ctx, user.user_id, "left")
    with pytest.raises(NotAuthenticated, match="email or password is incorrect"):
        container.identity.signin.login(user.email, user.password, META)


def test_client_user_may_enrol_in_mfa_and_then_needs_a_code(container: Container) -> None:
    user = client_user(container, with_mfa=True)
    assert user.totp_secret and len(user.backup_codes) == 10
    assert container.identity.signin.login(user.email, user.password, META).stage == "mfa"


def test_admin_cannot_demote_or_deactivate_themselves(container: Container) -> None:
    boss = admin(container)
    ctx = container.identity.deps.as_user(boss.user_id, "admin")
    with pytest.raises(RuleViolation, match="ask another admin"):
        container.identity.change_role(ctx, boss.user_id, Role.EMPLOYEE)
    with pytest.raises(RuleViolation, match="ask another admin"):
        container.identity.deactivate(ctx, boss.user_id)
    container.identity.sessions.authenticate(boss.token)


def test_changed_secret_key_gives_a_clear_503_instead_of_accepting_or_crashing(
    container: Container, database_url: str, schema: str
) -> None:
    user = admin(container)
    other = build(settings(database_url, schema, secret_key="a-different-key"))
    try:
        challenge = other.identity.signin.login(user.email, user.password, META)
        with pytest.raises(SecretKeyMismatch, match="BATON_SECRET_KEY"):
            other.identity.signin.complete(challenge.token, next_code(user, other), META)
    finally:
        other.close()


def test_codes_cannot_be_guessed_without_end_by_signing_in_again_with_the_password(container: Container) -> None:
    user = admin(container)
    for _ in range(2):
        for _ in range(2):
            challenge = container.identity.signin.login(user.email, user.password, META)
            with pytest.raises(NotAuthenticated):
                container.identity.signin.complete(challenge.token, "000000", META)
    challenge = container.identity.signin.login(user.email, user.password, META)
    with pytest.raises(NotAuthenticated):
        container.identity.signin.complete(challenge.token, "000001", META)
    with pytest.raises(TooManyAttempts):
        container.identity.signin.login(user.email, user.password, META)
