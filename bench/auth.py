"""Credentials the HTTP figures send, so they measure what a signed-in user gets."""

from __future__ import annotations

from api.identity.provision import staff_token
from baton.container import Container


def bearer_headers(container: Container) -> dict[str, str]:
    """An admin signed in the way a person is (invitation, password, MFA): its bearer token."""
    return {"Authorization": f"Bearer {staff_token(container.identity)}"}
