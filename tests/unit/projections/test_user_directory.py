"""The user directory's rows, given user events: no PostgreSQL, the in-memory writer."""

from __future__ import annotations

from uuid import UUID

import pytest

from domain.application import BatonApplication
from domain.users import Invitation, Role
from domain.users.commands import UserCommands
from projections.engine import Row, replay
from projections.users import UserDirectory
from tests.builders import T0, ctx
from tests.unit.projections.log import events_of


@pytest.fixture
def users(app: BatonApplication) -> UserCommands:
    return UserCommands(app)


def directory(app: BatonApplication) -> dict[UUID, Row]:
    view = replay(UserDirectory(), events_of(app))
    return {row["id"]: row for row in view.rows("user_directory")}


def invite(users: UserCommands, email: str, role: Role = Role.EMPLOYEE, client_id: str = "") -> UUID:
    return users.invite(ctx(), Invitation(email=email, name="Avery Stone", role=role, client_id=client_id)).id


def test_invited_user_is_listed_as_invited_without_sign_in_or_mfa(app: BatonApplication, users: UserCommands) -> None:
    user = invite(users, "avery@example.com", Role.CLIENT, "org-1")

    row = directory(app)[user]

    assert (row["email"], row["role"], row["client_id"], row["status"]) == (
        "avery@example.com",
        "client",
        "org-1",
        "invited",
    )
    assert (row["mfa_enabled"], row["job_title"], row["activated_at"], row["last_login_at"]) == (False, "", None, None)
    assert (row["invited_at"], row["version"]) == (T0, 1)


def test_accepted_user_shows_activation_profile_mfa_and_last_sign_in(
    app: BatonApplication, users: UserCommands
) -> None:
    user = invite(users, "blake@example.com")
    users.accept_invitation(ctx(minutes=1), user, 1)
    users.update_profile(ctx(minutes=2), user, job_title="Designer", phone="+44 20 7946 0000")
    users.enable_mfa(ctx(minutes=3), user, backup_codes=10)
    users.record_login(ctx(minutes=4), user, "password", "s1", "127.0.0.1")

    row = directory(app)[user]

    assert (row["status"], row["job_title"], row["phone"], row["mfa_enabled"]) == (
        "active",
        "Designer",
        "+44 20 7946 0000",
        True,
    )
    assert row["last_login_at"] == row["updated_at"] > row["activated_at"]


def test_row_follows_every_version_when_an_event_changes_nothing_shown(
    app: BatonApplication, users: UserCommands
) -> None:
    user = invite(users, "casey@example.com")
    users.accept_invitation(ctx(), user, 1)
    result = users.change_password(ctx(minutes=9), user)

    row = directory(app)[user]

    # If-Match on /me compares with this version: it must not lag behind the account's.
    assert row["version"] == result.version


def test_role_change_and_deactivation_show_on_the_row(app: BatonApplication, users: UserCommands) -> None:
    user = invite(users, "dana@example.com")
    users.accept_invitation(ctx(), user, 1)
    users.change_role(ctx(minutes=1), user, Role.CLIENT, "org-7")
    users.deactivate(ctx(minutes=2), user, "left")

    row = directory(app)[user]

    assert (row["role"], row["client_id"], row["status"]) == ("client", "org-7", "deactivated")
