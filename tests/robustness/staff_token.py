"""Credentials for HTTP tests: a staff user's bearer token once identity is in place."""

from __future__ import annotations


def staff_headers() -> dict[str, str]:
    """Headers that let a request reach past authentication (none needed yet)."""
    return {}
