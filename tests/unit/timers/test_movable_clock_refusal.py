"""A movable clock is for tests and demos: a production server refuses to start with one."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError

from baton.clock import refuse_unsafe
from baton.settings import Settings, StartupRefused


def _settings(**values: object) -> Settings:
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


def test_movable_clock_is_refused_when_the_environment_is_production() -> None:
    with pytest.raises(
        StartupRefused, match="BATON_MOVABLE_CLOCK=true is refused because BATON_ENVIRONMENT=production"
    ):
        refuse_unsafe(_settings(environment="production", movable_clock=True))


@pytest.mark.parametrize(
    ("environment", "movable"), [("development", True), ("test", True), ("production", False), ("development", False)]
)
def test_clock_settings_are_accepted_when_not_a_movable_clock_in_production(environment: str, movable: bool) -> None:
    refuse_unsafe(_settings(environment=environment, movable_clock=movable))


def test_environment_defaults_to_development_and_accepts_only_the_three_names() -> None:
    assert _settings().environment == "development" and _settings().movable_clock is False
    with pytest.raises(ValidationError, match="development"):
        _settings(environment="staging")


@pytest.mark.parametrize("command", ["serve", "worker"])
def test_server_exits_with_a_clear_message_when_started_with_a_movable_clock_in_production(
    command: str, tmp_path: Path
) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BATON_")}
    # Nothing listens at this address: a server that got past the check would fail differently (and slowly).
    env.update(
        BATON_ENVIRONMENT="production",
        BATON_MOVABLE_CLOCK="true",
        BATON_DATABASE_URL="postgresql://nobody@127.0.0.1:9/none",
        BATON_DATA_DIR=str(tmp_path),
    )
    done = subprocess.run(
        [sys.executable, "-m", "baton.cli", command], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 2, done.stdout + done.stderr
    assert (
        "Baton did not start: BATON_MOVABLE_CLOCK=true is refused because BATON_ENVIRONMENT=production" in done.stderr
    )
    assert "Traceback" not in done.stderr
