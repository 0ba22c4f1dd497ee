"""The user directory: one row per account, for admin lists and scoped reads (no secrets)."""

from __future__ import annotations

from domain.users import User
from projections.engine import Column, Entities, Fold, Projection, handles
from projections.engine import position_column as position
from projections.engine import version_column as version

DIRECTORY = Entities(
    "user_directory",
    (
        Column("id", "uuid"),
        Column("email", "text"),
        Column("name", "text", changes=True),
        Column("role", "text", changes=True),
        Column("client_id", "text", changes=True),
        Column("status", "text", changes=True),
        Column("mfa_enabled", "boolean", changes=True, default=False),
        Column("job_title", "text", changes=True, default=""),
        Column("phone", "text", changes=True, default=""),
        Column("avatar", "text", changes=True, default=""),
        Column("invited_at", "timestamptz"),
        Column("activated_at", "timestamptz", changes=True, default=None),
        Column("last_login_at", "timestamptz", changes=True, default=None),
        Column("updated_at", "timestamptz", changes=True),
        version(),
        position(),
    ),
    indexes=("(name, id)", "(role)", "(client_id)"),
)

PROFILE_FIELDS = ("name", "job_title", "phone", "avatar")


class UserDirectory(Projection):
    """Accounts with role, status, MFA state, profile and last sign-in."""

    name = "user_directory"
    version = 1
    tables = (DIRECTORY,)

    @handles(User.Invited)
    def invited(self, fold: Fold, e: User.Invited) -> None:
        fold.insert(
            DIRECTORY,
            e,
            email=e.email,
            name=e.name,
            role=e.role,
            client_id=e.client_id,
            status="invited",
            invited_at=e.timestamp,
        )

    @handles(User.InvitationResent)
    def resent(self, fold: Fold, e: User.InvitationResent) -> None:
        if (row := fold.update(DIRECTORY, e)) is not None:
            row["status"] = "invited"

    @handles(User.InvitationRevoked)
    def revoked(self, fold: Fold, e: User.InvitationRevoked) -> None:
        if (row := fold.update(DIRECTORY, e)) is not None:
            row["status"] = "revoked"

    @handles(User.InvitationAccepted)
    def accepted(self, fold: Fold, e: User.InvitationAccepted) -> None:
        if (row := fold.update(DIRECTORY, e)) is not None:
            row.update(status="active", activated_at=e.timestamp)

    @handles(User.ProfileUpdated)
    def profile(self, fold: Fold, e: User.ProfileUpdated) -> None:
        if (row := fold.update(DIRECTORY, e)) is not None:
            row.update({f: e.changes[f] for f in PROFILE_FIELDS if f in e.changes})

    @handles(User.MfaEnabled)
    def mfa_enabled(self, fold: Fold, e: User.MfaEnabled) -> None:
        if (row := fold.update(DIRECTORY, e)) is not None:
            row["mfa_enabled"] = True

    @handles(User.MfaReset)
    def mfa_reset(self, fold: Fold, e: User.MfaReset) -> None:
        if (row := fold.update(DIRECTORY, e)) is not None:
            row["mfa_enabled"] = False

    @handles(User.RoleChanged)
    def role_changed(self, fold: Fold, e: User.RoleChanged) -> None:
        if (row := fold.update(DIRECTORY, e)) is not None:
            row.update(role=e.to_role, client_id=e.client_id)

    @handles(User.Deactivated)
    def deactivated(self, fold: Fold, e: User.Deactivated) -> None:
        if (row := fold.update(DIRECTORY, e)) is not None:
            row["status"] = "deactivated"

    @handles(User.Reactivated)
    def reactivated(self, fold: Fold, e: User.Reactivated) -> None:
        if (row := fold.update(DIRECTORY, e)) is not None:
            row["status"] = "active" if row["activated_at"] is not None else "invited"

    @handles(User.LoginSucceeded)
    def logged_in(self, fold: Fold, e: User.LoginSucceeded) -> None:
        if (row := fold.update(DIRECTORY, e)) is not None:
            row["last_login_at"] = e.timestamp

    @handles(
        User.PasswordChanged,
        User.BackupCodesRegenerated,
        User.LoginFailed,
        User.SessionRevoked,
        User.MfaDeviceReplaced,
        User.SignInThrottleCleared,
    )
    def touched(self, fold: Fold, e: User.Event) -> None:
        # Nothing shown changes, but the version must follow so If-Match on /me stays right.
        fold.update(DIRECTORY, e)
