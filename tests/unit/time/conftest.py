"""Time tests run in the delivery tests' small agency, on the in-memory store."""

from __future__ import annotations

import pytest

from domain.application import BatonApplication
from tests.unit.delivery.agency import Agency
from tests.unit.time.desk import Desk


@pytest.fixture
def desk(app: BatonApplication) -> Desk:
    return Desk(Agency(app))
