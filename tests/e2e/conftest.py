"""End-to-end fixtures: a real `baton serve` on a fresh schema, and a client for it.

Tests that need other settings (SMTP, Redis) call ``start_server`` from
tests/e2e/server.py directly with their ``extra_env``.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.builders.identity import TEST_SECRET_KEY, signed_in_user
from tests.e2e.client import ApiClient
from tests.e2e.server import ServerHandle, start_server


@pytest.fixture
def server(database_url: str, schema: str) -> Iterator[ServerHandle]:
    """`baton serve` on a free loopback port, in-process broker, its own schema."""
    with start_server(database_url, schema, {"BATON_SECRET_KEY": TEST_SECRET_KEY}) as handle:
        yield handle


@pytest.fixture
def client(server: ServerHandle, database_url: str, schema: str) -> Iterator[ApiClient]:
    """An API client for ``server``, signed in as a new admin (with MFA) of that schema."""
    with ApiClient(server.base_url, signed_in_user(database_url, schema).token) as api:
        yield api


@pytest.fixture
def anonymous(server: ServerHandle) -> Iterator[ApiClient]:
    """An API client for ``server`` with no session."""
    with ApiClient(server.base_url) as api:
        yield api
