"""The support desk's tests share one builder of people and tickets on the in-memory application."""

from __future__ import annotations

import pytest

from domain.application import BatonApplication
from tests.unit.tickets.builders import Desk


@pytest.fixture
def desk(app: BatonApplication) -> Desk:
    return Desk(app)
