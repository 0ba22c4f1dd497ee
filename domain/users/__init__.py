"""Users: accounts, roles, invitations, MFA and sign-in records."""

from domain.users.aggregate import STAFF_ROLES, Role, User, UserStatus, normalise_email
from domain.users.email_index import EmailClaim, email_claim_id

__all__ = ["STAFF_ROLES", "EmailClaim", "Role", "User", "UserStatus", "email_claim_id", "normalise_email"]
