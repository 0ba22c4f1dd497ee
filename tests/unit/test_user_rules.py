"""The User aggregate's rules and the uniqueness of email addresses, on the in-memory store."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import pytest

from domain.application import BatonApplication
from domain.errors import InvalidInput, RuleViolation
from domain.users import EmailClaim, Invitation, Role, User, UserStatus, email_claim_id
from domain.users.commands import EmailTaken, UserCommands
from tests.builders import ctx


@pytest.fixture
def users(app: BatonApplication) -> UserCommands:
    return UserCommands(app)


def invited(users: UserCommands, email: str = "Avery@Example.com", role: Role = Role.EMPLOYEE) -> UUID:
    return users.invite(ctx(), Invitation(email=email, name="Avery Stone", role=role)).id


def active(users: UserCommands, role: Role = Role.EMPLOYEE) -> UUID:
    user_id = invited(users, role=role)
    users.accept_invitation(ctx(), user_id, 1)
    return user_id


def topics(app: BatonApplication, user_id: UUID) -> list[str]:
    return [type(e).TOPIC for e in app.events.get(user_id)]  # type: ignore[attr-defined]


def test_invitation_records_a_normalised_email_when_typed_in_mixed_case(
    app: BatonApplication, users: UserCommands
) -> None:
    user_id = invited(users)
    user = users.get(user_id)
    assert (user.email, user.status, user.role, user.invitation) == (
        "avery@example.com",
        UserStatus.INVITED,
        "employee",
        1,
    )
    assert topics(app, user_id) == ["baton.user.Invited"]


def test_second_invitation_is_refused_when_the_email_differs_only_in_case(users: UserCommands) -> None:
    invited(users, "avery@example.com")
    with pytest.raises(EmailTaken, match="avery@example.com already exists"):
        invited(users, "AVERY@example.COM")


def test_email_claim_is_saved_with_the_user_under_a_case_blind_id(app: BatonApplication, users: UserCommands) -> None:
    user_id = invited(users, "Mixed.Case@Example.com")
    assert email_claim_id("mixed.case@example.com") == email_claim_id(" MIXED.case@example.com ")
    claim = app.load(EmailClaim, email_claim_id("mixed.case@example.com"))
    assert claim.user_id == str(user_id)
    assert users.find_by_email("MIXED.CASE@example.com").id == user_id  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"email": "not-an-address", "name": "X", "role": Role.EMPLOYEE}, "not a valid email"),
        ({"email": "a@b.co", "name": "  ", "role": Role.EMPLOYEE}, "name"),
        ({"email": "a@b.co", "name": "X", "role": Role.CLIENT}, "client organisation"),
        ({"email": "a@b.co", "name": "X", "role": Role.EMPLOYEE, "client_id": "c1"}, "does not belong"),
    ],
)
def test_invitation_is_refused_when_input_is_wrong(users: UserCommands, fields: dict[str, Any], message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        users.invite(ctx(), Invitation(**fields))


def test_resend_moves_to_a_new_invitation_number_when_still_pending(users: UserCommands) -> None:
    user_id = invited(users)
    users.resend_invitation(ctx(), user_id)
    assert users.get(user_id).invitation == 2
    with pytest.raises(RuleViolation, match="no longer valid"):
        users.accept_invitation(ctx(), user_id, 1)
    users.accept_invitation(ctx(), user_id, 2)
    assert users.get(user_id).status is UserStatus.ACTIVE


def test_resend_is_refused_when_the_invitation_was_accepted(users: UserCommands) -> None:
    user_id = active(users)
    with pytest.raises(RuleViolation, match="already accepted"):
        users.resend_invitation(ctx(), user_id)


def test_revoked_invitation_cannot_be_accepted_until_resent(users: UserCommands) -> None:
    user_id = invited(users)
    users.revoke_invitation(ctx(), user_id, "hired elsewhere")
    with pytest.raises(RuleViolation):
        users.accept_invitation(ctx(), user_id, 1)
    users.resend_invitation(ctx(), user_id)
    users.accept_invitation(ctx(), user_id, 2)


def test_mfa_is_required_for_staff_and_optional_for_client_users(users: UserCommands) -> None:
    assert users.get(invited(users, "a@x.co", Role.ADMIN)).mfa_required
    assert users.get(invited(users, "e@x.co", Role.EMPLOYEE)).mfa_required
    client = users.invite(ctx(), Invitation(email="c@x.co", name="C", role=Role.CLIENT, client_id="org-1")).id
    assert not users.get(client).mfa_required


def test_mfa_enabling_twice_is_refused_and_reset_needs_mfa(users: UserCommands) -> None:
    user_id = active(users)
    with pytest.raises(RuleViolation, match="no MFA to reset"):
        users.reset_mfa(ctx(), user_id)
    users.enable_mfa(ctx(), user_id, 10)
    with pytest.raises(RuleViolation, match="already enabled"):
        users.enable_mfa(ctx(), user_id, 10)
    users.reset_mfa(ctx(), user_id, "lost phone")
    assert not users.get(user_id).mfa_enabled


def test_profile_update_records_only_what_changed(app: BatonApplication, users: UserCommands) -> None:
    user_id = active(users)
    users.update_profile(ctx(), user_id, name="Avery Stone", job_title="Designer", phone="+1 555 0100")
    last = list(app.events.get(user_id))[-1]
    assert isinstance(last, User.ProfileUpdated)
    assert last.changes == {"job_title": "Designer", "phone": "+1 555 0100"}
    with pytest.raises(InvalidInput, match="cannot be empty"):
        users.update_profile(ctx(), user_id, name=" ")


def test_role_change_to_client_needs_an_organisation(users: UserCommands) -> None:
    user_id = active(users)
    with pytest.raises(InvalidInput, match="client organisation"):
        users.change_role(ctx(), user_id, Role.CLIENT)
    users.change_role(ctx(), user_id, Role.CLIENT, "org-7")
    user = users.get(user_id)
    assert (user.role, user.client_id) == (Role.CLIENT, "org-7")


def test_deactivated_user_cannot_sign_in_or_be_deactivated_again(users: UserCommands) -> None:
    user_id = active(users)
    users.deactivate(ctx(), user_id, "left the agency")
    assert not users.get(user_id).can_sign_in
    with pytest.raises(RuleViolation, match="already deactivated"):
        users.deactivate(ctx(), user_id)


def test_security_events_carry_no_secret_when_recorded(app: BatonApplication, users: UserCommands) -> None:
    user_id = active(users)
    users.change_password(ctx(), user_id)
    users.enable_mfa(ctx(), user_id, 10)
    users.record_login(ctx(), user_id, "password+totp", "s-1", "10.0.0.1")
    users.record_failed_login(ctx(), user_id, "wrong password", "10.0.0.2")
    users.record_session_revoked(ctx(), user_id, "s-1", "signed out")
    for event in app.events.get(user_id):
        names = set(vars(event))
        assert not names & {"password", "password_hash", "secret", "token", "code", "codes"}, type(event)


def test_user_loads_from_a_snapshot_with_role_and_status_intact(app: BatonApplication, users: UserCommands) -> None:
    user_id = active(users, Role.ADMIN)
    for n in range(120):
        users.record_login(ctx(), user_id, "password", f"s-{n}", "10.0.0.1")
    assert app.snapshots is not None and list(app.snapshots.get(user_id))
    user = users.get(user_id)
    assert (user.role, user.status, user.version) == (Role.ADMIN, UserStatus.ACTIVE, 122)
    assert user.is_staff and user.can_sign_in
