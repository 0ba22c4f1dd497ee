"""Small builders for tests: contexts, settings, containers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from baton.settings import Settings
from domain.context import Actor, CommandContext

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def ctx(actor: Actor | None = None, now: datetime | None = None, minutes: int = 0) -> CommandContext:
    """A command context at a fixed time (plus ``minutes``)."""
    return CommandContext(actor=actor or Actor.user("0" * 32, "employee"), now=(now or T0) + timedelta(minutes=minutes))


def settings(database_url: str, schema: str, **overrides: Any) -> Settings:
    """Settings for a container on the test database and schema."""
    values: dict[str, Any] = {
        "database_url": database_url,
        "database_schema": schema,
        "data_dir": Path("var/test"),
        "projection_idle_wait": 0.2,
        "_env_file": None,
    }
    values.update(overrides)
    return Settings(**values)
