"""`baton timers list` and `baton timers run-due` as an operator runs them."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from uuid import UUID

import pytest

from baton.container import Container, build
from domain.context import Actor
from domain.users import Invitation, Role
from processes.manager import ProcessRunner
from tests.builders import settings
from tests.builders.identity import TEST_SECRET_KEY
from tests.builders.smtp import smtp_server
from tests.e2e.server import free_port, server_env

RESEND_AFTER = 600  # seconds


def baton(database_url: str, schema: str, cwd: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run `baton ARGS` against the test schema; wide output so rich does not wrap."""
    extra = {"COLUMNS": "250", "TERM": "dumb", "BATON_SECRET_KEY": TEST_SECRET_KEY, **env}
    return subprocess.run(
        [sys.executable, "-m", "baton.cli", *args],
        env=server_env(database_url, schema, extra),
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def container(database_url: str, schema: str, tmp_path: Path) -> Iterator[Container]:
    # The mail server is down: every email waits for its resend deadline.
    down = {"smtp_host": "127.0.0.1", "smtp_port": free_port(), "smtp_tls": "none"}
    c = build(
        settings(
            database_url,
            schema,
            secret_key=TEST_SECRET_KEY,
            data_dir=tmp_path,
            email_sweep_interval=RESEND_AFTER,
            **down,
        )
    )
    yield c
    c.close()


def _invite_and_follow(container: Container) -> None:
    ctx = container.identity.deps.ctx(Actor.system())
    container.users.invite(ctx, Invitation(email="cli.hire@example.com", name="Cli Hire", role=Role.EMPLOYEE))
    with container.source.connect() as conn:
        for manager in container.processes:
            ProcessRunner(manager, container.source).run_until_caught_up(conn)


def test_operator_lists_deadlines_and_fires_the_due_ones_at_a_given_time(
    container: Container, database_url: str, schema: str, tmp_path: Path
) -> None:
    _invite_and_follow(container)
    [resend] = container.deadlines.listing()

    listed = baton(database_url, schema, tmp_path, "timers", "list")
    assert listed.returncode == 0, listed.stderr
    row = next(line for line in listed.stdout.splitlines() if str(resend.id) in line)
    assert "email.resend" in row and resend.subject in row and "scheduled" in row

    nothing = baton(database_url, schema, tmp_path, "timers", "run-due")
    assert nothing.returncode == 0 and "Nothing was due" in nothing.stdout, nothing.stderr

    later = (datetime.now(UTC) + timedelta(seconds=RESEND_AFTER + 60)).isoformat()
    with smtp_server() as (mailbox, port):
        smtp = {"BATON_SMTP_HOST": "127.0.0.1", "BATON_SMTP_PORT": str(port), "BATON_SMTP_TLS": "none"}
        fired = baton(database_url, schema, tmp_path, "timers", "run-due", "--now", later, **smtp)
        assert fired.returncode == 0, fired.stdout + fired.stderr
        row = next(line for line in fired.stdout.splitlines() if str(resend.id) in line)
        assert "email.resend" in row and "fired" in row
        # The CLI ran the in-process broker's actor before exiting: the email went out.
        mailbox.wait_for("cli.hire@example.com", timeout=1)
    assert container.emails.get(UUID(resend.subject)).status == "sent"


def test_run_due_refuses_a_time_that_is_not_iso_8601(database_url: str, schema: str, tmp_path: Path) -> None:
    refused = baton(database_url, schema, tmp_path, "timers", "run-due", "--now", "tomorrow")
    assert refused.returncode == 2 and "not an ISO 8601 time" in refused.stderr
