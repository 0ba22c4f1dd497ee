"""Signed-in users for tests, made directly through a container (no email, no HTTP)."""

from __future__ import annotations

from typing import Any

from api.identity.provision import ProvisionedUser, provision_user, staff_token
from domain.users import Role

# A password that meets the policy, for tests that need to know it (provision_user makes a random one otherwise).
DEFAULT_PASSWORD = "correct-Horse-42-battery"  # noqa: S105 - a test fixture, not a real credential
# A fixed key so a test's container and the `baton serve` it starts read each other's secrets.
TEST_SECRET_KEY = "test-secret-key-for-e2e-only"

__all__ = [
    "DEFAULT_PASSWORD",
    "TEST_SECRET_KEY",
    "ProvisionedUser",
    "admin",
    "bearer_headers",
    "client_user",
    "employee",
    "signed_in_user",
    "staff_token",
]


def admin(container: Any, **kw: Any) -> ProvisionedUser:
    """An admin with MFA, signed in."""
    return provision_user(container.identity, role=Role.ADMIN, **kw)


def employee(container: Any, **kw: Any) -> ProvisionedUser:
    """An employee with MFA, signed in."""
    return provision_user(container.identity, role=Role.EMPLOYEE, **kw)


def client_user(container: Any, **kw: Any) -> ProvisionedUser:
    """A client user (no MFA unless asked), signed in."""
    return provision_user(container.identity, role=Role.CLIENT, **kw)


def signed_in_user(database_url: str, schema: str, role: Role | str = Role.ADMIN, **kw: Any) -> ProvisionedUser:
    """A signed-in user in ``schema``, made through a short-lived container (for tests against `baton serve`)."""
    from baton.container import build
    from tests.builders import settings

    container = build(settings(database_url, schema, secret_key=TEST_SECRET_KEY))
    try:
        return provision_user(container.identity, role=role, **kw)
    finally:
        container.close()


def bearer_headers(database_url: str, schema: str, role: Role | str = Role.ADMIN) -> dict[str, str]:
    """``Authorization`` headers of a new signed-in user (admin by default) in ``schema``."""
    return {"Authorization": f"Bearer {signed_in_user(database_url, schema, role).token}"}
