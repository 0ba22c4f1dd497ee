"""Unit tests run the application on the library's in-memory store: no server."""

from __future__ import annotations

import pytest

from domain.application import BatonApplication
from domain.leads.commands import LeadCommands


@pytest.fixture
def app() -> BatonApplication:
    return BatonApplication(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})


@pytest.fixture
def leads(app: BatonApplication) -> LeadCommands:
    return LeadCommands(app)
