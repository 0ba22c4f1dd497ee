"""Handoff tests run a project's handoff on the in-memory store."""

from __future__ import annotations

import pytest

from domain.application import BatonApplication
from tests.unit.handoff.world import World


@pytest.fixture
def world(app: BatonApplication) -> World:
    return World(app)
