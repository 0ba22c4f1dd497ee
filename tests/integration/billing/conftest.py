"""A container on a fresh schema for billing's PostgreSQL tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from baton.container import Container, build
from tests.builders import settings
from tests.builders.identity import TEST_SECRET_KEY
from tests.builders.stripe import TEST_WEBHOOK_SECRET


@pytest.fixture
def container(database_url: str, schema: str) -> Iterator[Container]:
    c = build(
        settings(
            database_url,
            schema,
            projection_batch_size=17,
            secret_key=TEST_SECRET_KEY,
            stripe_webhook_secret=TEST_WEBHOOK_SECRET,
        )
    )
    yield c
    c.close()
