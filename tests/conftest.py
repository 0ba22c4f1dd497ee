"""Shared test set-up: which PostgreSQL and Redis the suite talks to.

PostgreSQL: ``BATON_TEST_DATABASE_URL`` when set (CI sets it to the machine's
server), otherwise an embedded server started once per run. Redis:
``BATON_TEST_REDIS_URL``; without it, Redis tests skip, except under CI=true,
where anything missing is an error rather than a skip.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.builders.schemas import fresh_schema

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A PostgreSQL server for the whole run."""
    url = os.environ.get("BATON_TEST_DATABASE_URL")
    if url:
        yield url
        return
    if IN_CI:
        pytest.fail("CI=true but BATON_TEST_DATABASE_URL is not set: .ci/run sets it to the machine's server.")
    from baton import embedded_db

    server = embedded_db.start(Path(tmp_path_factory.mktemp("embedded-pg")))
    try:
        yield embedded_db.url(server)
    finally:
        server.cleanup()


@pytest.fixture(scope="session")
def redis_url() -> str:
    url = os.environ.get("BATON_TEST_REDIS_URL")
    if url:
        return url
    if IN_CI:
        pytest.fail("CI=true but BATON_TEST_REDIS_URL is not set: .ci/run sets it to the machine's Redis.")
    pytest.skip("Redis not configured (set BATON_TEST_REDIS_URL); skipping Redis tests.")


@pytest.fixture
def schema(database_url: str) -> Iterator[str]:
    """A fresh, empty schema for one test, dropped afterwards."""
    with fresh_schema(database_url) as name:
        yield name
