"""Delivery tests run in a small agency on the in-memory store."""

from __future__ import annotations

import pytest

from domain.application import BatonApplication
from tests.unit.delivery.agency import Agency


@pytest.fixture
def agency(app: BatonApplication) -> Agency:
    return Agency(app)
