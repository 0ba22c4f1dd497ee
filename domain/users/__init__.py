"""Users: accounts, roles, invitations, MFA and sign-in records."""

from domain.application import BatonApplication
from domain.users.aggregate import User
from domain.users.email_index import EmailClaim, email_claim_id
from domain.users.roles import STAFF_ROLES, Role, UserStatus, normalise_email

# Sign-ins add events to a user for as long as they work here: load from a snapshot.
BatonApplication.snapshotting_intervals[User] = 100

__all__ = ["STAFF_ROLES", "EmailClaim", "Role", "User", "UserStatus", "email_claim_id", "normalise_email"]
