"""Roles and account states, and the rules on them that need no aggregate."""

from __future__ import annotations

from enum import StrEnum

from domain.errors import InvalidInput


class Role(StrEnum):
    """What a user is in the agency: staff (admin, employee) or a client user."""

    ADMIN = "admin"
    EMPLOYEE = "employee"
    CLIENT = "client"


STAFF_ROLES = frozenset({Role.ADMIN, Role.EMPLOYEE})


class UserStatus(StrEnum):
    """Where an account stands."""

    INVITED = "invited"
    ACTIVE = "active"
    REVOKED = "revoked"
    DEACTIVATED = "deactivated"


def normalise_email(email: str) -> str:
    """The form of an email address used for uniqueness: trimmed, lower case."""
    return email.strip().lower()


def check_role(role: Role, client_id: str) -> None:
    """A client user belongs to exactly one client organisation; staff to none."""
    if role is Role.CLIENT and not client_id:
        raise InvalidInput("A client user needs the id of the client organisation they belong to.")
    if role is not Role.CLIENT and client_id:
        raise InvalidInput(f"A {role} does not belong to a client organisation; leave client_id empty.")
