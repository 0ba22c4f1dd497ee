"""Moving a test server's clock over HTTP fires the deadlines that fall due: an email waiting for its resend goes out."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import psycopg
import pytest

from domain.users import Role
from tests.builders.identity import TEST_SECRET_KEY, signed_in_user
from tests.builders.smtp import smtp_server
from tests.e2e.client import ApiClient, wait_until
from tests.e2e.server import ServerHandle, free_port, start_server

RESEND_AFTER = timedelta(minutes=10)


@pytest.fixture
def smtp_port() -> int:
    return free_port()  # nothing listens here until the test starts a mail server


@pytest.fixture
def movable_server(database_url: str, schema: str, smtp_port: int) -> Iterator[ServerHandle]:
    env = {
        "BATON_SECRET_KEY": TEST_SECRET_KEY,
        "BATON_ENVIRONMENT": "test",
        "BATON_MOVABLE_CLOCK": "true",
        "BATON_SMTP_HOST": "127.0.0.1",
        "BATON_SMTP_PORT": str(smtp_port),
        "BATON_SMTP_TLS": "none",
        "BATON_EMAIL_SWEEP_INTERVAL": str(RESEND_AFTER.total_seconds()),
        # Longer than any wait below: only the clock's move can wake the deadline runner in time.
        "BATON_TIMER_POLL_INTERVAL": "60",
    }
    with start_server(database_url, schema, env) as handle:
        yield handle


def _one(database_url: str, schema: str, query: str) -> Any:
    with psycopg.connect(database_url, autocommit=True, options=f"-c search_path={schema}") as conn:
        return conn.execute(query).fetchone()


def test_email_waiting_for_its_resend_goes_out_when_the_clock_is_moved_past_the_deadline(
    movable_server: ServerHandle, database_url: str, schema: str, smtp_port: int
) -> None:
    admin = ApiClient(movable_server.base_url, signed_in_user(database_url, schema).token)
    assert admin.get("/clock")["offset_seconds"] == 0
    admin.post("/users", {"email": "late.hire@example.com", "name": "Late Hire", "role": "employee"}, expect=201)

    # The mail server is down: the first attempt fails, and the email's resend deadline waits ten minutes.
    failed = "SELECT 1 FROM baton_events WHERE topic = 'baton.email.SendFailed'"
    wait_until(lambda: _one(database_url, schema, failed), "the first attempt to fail")
    resend = "SELECT subject, due_at, status FROM deadlines WHERE purpose = 'email.resend'"
    email_id, due, status = wait_until(lambda: _one(database_url, schema, resend), "the resend deadline")
    assert status == "scheduled" and due > datetime.now(UTC) + RESEND_AFTER - timedelta(minutes=1)

    with smtp_server(smtp_port) as (mailbox, _):
        assert mailbox.messages == []  # back up, but nothing is due yet
        moved = admin.post("/clock/advance", {"by": "PT11M"})
        assert moved["offset_seconds"] == 660
        assert datetime.fromisoformat(moved["now"]) > due

        [message] = mailbox.wait_for("late.hire@example.com")
        assert message["Subject"] == "Your invitation to Baton"
        settled = f"SELECT status FROM deadlines WHERE subject = '{email_id}' AND status = 'cancelled'"
        wait_until(lambda: _one(database_url, schema, settled), "the sent email to cancel its resend deadline")
        assert len(mailbox.messages) == 1

    # Commands after the move carry the moved time.
    trail = admin.audit_events(email_id)["events"]
    sent = [e for e in trail if e["topic"] == "baton.email.Sent"]
    assert len(sent) == 1 and datetime.fromisoformat(sent[0]["time"]) >= due


def test_clock_moves_only_forward_and_only_for_admins(
    movable_server: ServerHandle, database_url: str, schema: str
) -> None:
    admin = ApiClient(movable_server.base_url, signed_in_user(database_url, schema).token)
    employee = ApiClient(movable_server.base_url, signed_in_user(database_url, schema, Role.EMPLOYEE).token)
    assert "clock.control" in employee.problem("POST", "/clock/advance", 403, json={"by": 60})["detail"]
    assert ApiClient(movable_server.base_url).problem("GET", "/clock", 401)
    assert admin.problem("POST", "/clock/advance", 422, json={"by": "-PT1H"})
    assert admin.problem("POST", "/clock/advance", 422, json={"by": "next tuesday"})
    assert admin.post("/clock/advance", {"by": 90})["offset_seconds"] == 90
    # Less than a session's idle limit in all: moving the clock ages sessions too.
    assert admin.post("/clock/advance", {"by": "PT1H30M"})["offset_seconds"] == 90 + 5400
    assert admin.get("/clock")["offset_seconds"] == 90 + 5400


def test_clock_routes_are_not_found_when_the_clock_is_not_movable(client: ApiClient) -> None:
    assert "BATON_MOVABLE_CLOCK" in client.problem("GET", "/clock", 404)["detail"]
    client.problem("POST", "/clock/advance", 404, json={"by": "PT1H"})
