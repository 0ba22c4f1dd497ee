"""End-to-end fixtures: a real `baton serve` on a fresh schema, and a client for it.

Tests that need other settings (SMTP, Redis) call ``start_server`` from
tests/e2e/server.py directly with their ``extra_env``.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.e2e.client import ApiClient
from tests.e2e.server import ServerHandle, start_server


@pytest.fixture
def server(database_url: str, schema: str) -> Iterator[ServerHandle]:
    """`baton serve` on a free loopback port, in-process broker, its own schema."""
    with start_server(database_url, schema) as handle:
        yield handle


@pytest.fixture
def client(server: ServerHandle) -> Iterator[ApiClient]:
    """An API client for ``server``."""
    with ApiClient(server.base_url) as api:
        yield api
