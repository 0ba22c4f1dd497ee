"""Accounts an admin can run, on real PostgreSQL: reactivation, clearing a throttle, inviting a lapsed address
again, the session and invitation lifetimes as settings, replacing and removing one's own MFA."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pyotp
import pytest

from api.identity.base import RequestMeta, utc_now
from api.identity.mfa import Proof
from baton.container import Container, build
from domain.context import Actor
from domain.identity.errors import InvitationUnusable, NotAuthenticated, TooManyAttempts
from domain.users import Invitation, Role, User, UserStatus
from domain.users.commands import EmailTaken
from tests.builders import settings
from tests.builders.identity import TEST_SECRET_KEY, admin, client_user, employee

META = RequestMeta(address="10.4.5.6", user_agent="pytest")


@pytest.fixture
def container(database_url: str, schema: str) -> Iterator[Container]:
    built = build(
        settings(database_url, schema, secret_key=TEST_SECRET_KEY, session_max_days=2, invitation_valid_hours=1)
    )
    yield built
    built.close()


def as_admin(container: Container) -> object:
    return container.identity.deps.ctx(Actor.user(admin(container).user_id, "admin"))


def shift_clock(container: Container, delta: timedelta) -> None:
    container.identity.deps.clock = lambda: utc_now() + delta


def test_reactivated_user_signs_in_again_with_the_password_they_had(container: Container) -> None:
    user, ctx = client_user(container), as_admin(container)
    container.identity.deactivate(ctx, user.user_id, "left")  # type: ignore[arg-type]
    with pytest.raises(NotAuthenticated):
        container.identity.signin.login(user.email, user.password, META)
    container.identity.reactivate(ctx, user.user_id, "came back")  # type: ignore[arg-type]
    assert container.users.get(user.user_id).status is UserStatus.ACTIVE
    assert container.identity.signin.login(user.email, user.password, META).stage == "full"


def test_cleared_throttle_lets_the_account_sign_in_at_once_and_is_recorded(container: Container) -> None:
    user, ctx = client_user(container), as_admin(container)
    for _ in range(5):
        with pytest.raises(NotAuthenticated):
            container.identity.signin.login(user.email, "Wrong-pass-123!", RequestMeta(address=f"10.9.0.{_}"))
    with pytest.raises(TooManyAttempts):
        container.identity.signin.login(user.email, user.password, META)
    container.identity.clear_sign_in_throttle(ctx, user.user_id, "called the help desk")  # type: ignore[arg-type]
    assert container.identity.signin.login(user.email, user.password, META).stage == "full"
    cleared = [e for e in container.app.events.get(user.user_id) if isinstance(e, User.SignInThrottleCleared)]
    assert [(e.failures, e.reason, e.actor_role) for e in cleared] == [(5, "called the help desk", "admin")]


def test_lapsed_invitation_is_invited_again_and_a_pending_one_is_refused(container: Container) -> None:
    ctx = as_admin(container)
    invitation = Invitation(email="late@example.com", name="Late", role=Role.EMPLOYEE, send_email=False)
    first = container.identity.invitations.invite(ctx, invitation)  # type: ignore[arg-type]
    old_token, expires = container.identity.invitations.issue_token(first.id, 1)
    assert expires - utc_now() < timedelta(hours=1, minutes=1)  # BATON_INVITATION_VALID_HOURS
    with pytest.raises(EmailTaken, match="still pending"):
        container.identity.invitations.invite(ctx, invitation)  # type: ignore[arg-type]
    shift_clock(container, timedelta(hours=2))
    with pytest.raises(InvitationUnusable, match="valid for 1 hour"):
        container.identity.invitations.check(old_token)
    again = container.identity.invitations.invite(ctx, invitation)  # type: ignore[arg-type]
    assert again.id == first.id and container.users.get(first.id).invitation == 2


def test_session_ends_at_its_absolute_lifetime_however_active(container: Container) -> None:
    user = client_user(container)
    for hours in (7, 14, 21, 28, 35, 42):
        shift_clock(container, timedelta(hours=hours))
        container.identity.sessions.authenticate(user.token)
    shift_clock(container, timedelta(hours=49))
    with pytest.raises(NotAuthenticated, match="2 days after signing in"):
        container.identity.sessions.authenticate(user.token)


def test_own_mfa_is_replaced_then_removed_when_the_user_proves_it_is_them(container: Container) -> None:
    user = employee(container)
    session = container.identity.sessions.authenticate(user.token)
    with pytest.raises(NotAuthenticated):
        container.identity.mfa.start_enrolment(user.user_id, META, Proof(password="Not-it-at-all-1"))
    replacing = container.identity.mfa.start_enrolment(user.user_id, META, Proof(password=user.password))
    code = pyotp.TOTP(replacing.secret).now()
    assert len(container.identity.mfa.confirm(user.user_id, session.id, code, META)) == 10
    topics = [type(e).__name__ for e in container.app.events.get(user.user_id)]
    assert "MfaDeviceReplaced" in topics and topics.count("MfaEnabled") == 1
    container.identity.mfa.reset_own(user.user_id, session.id, META, Proof(password=user.password))
    assert container.identity.sessions.authenticate(user.token).stage == "enrol"
    assert container.users.get(user.user_id).mfa_enabled is False
