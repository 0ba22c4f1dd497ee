"""The support desk's view tests share the desk builder of the ticket unit tests."""

from __future__ import annotations

import pytest

from domain.application import BatonApplication
from tests.unit.tickets.builders import Desk


@pytest.fixture
def desk(app: BatonApplication) -> Desk:
    return Desk(app)
