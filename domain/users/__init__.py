"""Users: accounts, roles, invitations, MFA and sign-in records."""

from domain.users.aggregate import Invitation, User
from domain.users.email_index import EmailClaim, email_claim_id
from domain.users.roles import STAFF_ROLES, Role, UserStatus, normalise_email

__all__ = ["STAFF_ROLES", "EmailClaim", "Invitation", "Role", "User", "UserStatus", "email_claim_id", "normalise_email"]
