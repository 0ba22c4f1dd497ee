"""Credentials for HTTP tests: a signed-in admin's bearer token in the test's schema."""

from __future__ import annotations

from baton.container import build
from tests.builders import settings
from tests.builders.identity import TEST_SECRET_KEY, admin

# The server must read the secrets the token's container wrote.
SERVER_ENV = {"BATON_SECRET_KEY": TEST_SECRET_KEY, "BATON_STRIPE_WEBHOOK_SECRET": "whsec_fuzzing_only"}


def staff_headers(database_url: str, schema: str) -> dict[str, str]:
    """``Authorization`` headers of a new admin (MFA enrolled, signed in) in ``schema``."""
    container = build(settings(database_url, schema, secret_key=TEST_SECRET_KEY))
    try:
        return {"Authorization": f"Bearer {admin(container).token}"}
    finally:
        container.close()
