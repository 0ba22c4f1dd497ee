"""Users: accounts, roles, invitations, MFA and sign-in records."""

from domain.application import BatonApplication
from domain.users.aggregate import STAFF_ROLES, Role, User, UserStatus, normalise_email
from domain.users.email_index import EmailClaim, email_claim_id

# Sign-ins add events to a user for as long as they work here: load from a snapshot.
BatonApplication.snapshotting_intervals[User] = 100

__all__ = ["STAFF_ROLES", "EmailClaim", "Role", "User", "UserStatus", "email_claim_id", "normalise_email"]
