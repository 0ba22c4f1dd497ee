"""Credentials the HTTP figures send, so they measure what a signed-in user gets."""

from __future__ import annotations

from baton.container import Container


def bearer_headers(container: Container) -> dict[str, str]:
    """Headers for an admin session; empty while the API has no authentication."""
    return {}
