"""Redis goes down: commands still succeed, /readyz says degraded, queued emails go out once when it is back."""

from __future__ import annotations

import socket
import time

import httpx
import psycopg

from tests.builders.smtp import Mailbox, smtp_server
from tests.e2e.server import start_server
from tests.robustness.own_redis import own_redis
from tests.robustness.staff_token import SERVER_ENV, staff_headers

SWEEP_EVERY = 1.0


def _emails_sent(conn: psycopg.Connection[object], schema: str) -> int:
    row = conn.execute(
        f"SELECT count(*) FROM {schema}.baton_events WHERE topic = 'baton.email.Sent'"  # noqa: S608 - test schema
    ).fetchone()
    return int(row[0]) if row else 0


def _invitation(email: str) -> dict[str, str]:
    return {"email": email, "name": "New Colleague", "role": "employee"}


def _invite(http: httpx.Client, email: str) -> None:
    response = http.post("/users", json=_invitation(email), timeout=15)
    assert response.status_code == 201, response.text


def _messages_to(mailbox: Mailbox, to: str) -> int:
    return sum(1 for m in list(mailbox.messages) if m["To"] == to)


def test_commands_succeed_and_emails_go_out_once_when_redis_is_down_then_back(database_url: str, schema: str) -> None:
    headers = staff_headers(database_url, schema)
    with own_redis() as redis, smtp_server() as (mailbox, smtp_port):
        env = {
            **SERVER_ENV,
            "BATON_REDIS_URL": redis.url,
            "BATON_SMTP_HOST": "127.0.0.1",
            "BATON_SMTP_PORT": str(smtp_port),
            "BATON_SMTP_TLS": "none",
            "BATON_EMAIL_SWEEP_INTERVAL": str(SWEEP_EVERY),
        }
        with (
            start_server(database_url, schema, env) as server,
            httpx.Client(base_url=server.base_url, timeout=15, headers=headers) as http,
        ):
            _invite(http, "before-outage@example.com")
            mailbox.wait_for("before-outage@example.com", timeout=20)

            redis.kill()
            started = time.monotonic()
            ready = http.get("/readyz")
            assert ready.status_code == 200, ready.text
            assert ready.json()["status"] == "degraded" and ready.json()["broker"] != "ok", ready.text
            # Events are the truth: the commands land whatever the broker's state.
            lead = http.post("/leads", json={"name": "Lead during the outage"})
            assert lead.status_code == 201, lead.text
            _invite(http, "during-outage@example.com")
            assert time.monotonic() - started < 10, "commands were held up by the broker outage"
            time.sleep(3 * SWEEP_EVERY)
            assert _messages_to(mailbox, "during-outage@example.com") == 0

            redis.start()
            mailbox.wait_for("during-outage@example.com", timeout=30)
            # A few more sweeps: nothing goes out twice.
            time.sleep(4 * SWEEP_EVERY)
            assert http.get("/readyz").json()["status"] == "ready"
            log = server.log()
    assert _messages_to(mailbox, "during-outage@example.com") == 1, log[-3000:]
    assert _messages_to(mailbox, "before-outage@example.com") == 1, log[-3000:]
    with psycopg.connect(database_url, autocommit=True) as conn:
        assert _emails_sent(conn, schema) == 2


def test_probe_and_commands_stay_quick_when_redis_accepts_but_never_answers(database_url: str, schema: str) -> None:
    headers = staff_headers(database_url, schema)
    # A socket that completes TCP handshakes and then says nothing: a hung Redis, or a network black hole.
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(64)
        env = {**SERVER_ENV, "BATON_REDIS_URL": f"redis://127.0.0.1:{silent.getsockname()[1]}/0"}
        with (
            start_server(database_url, schema, env) as server,
            httpx.Client(base_url=server.base_url, timeout=30, headers=headers) as http,
        ):
            ready = http.get("/readyz")
            assert ready.elapsed.total_seconds() < 1.5, "the readiness probe waited on the silent broker"
            assert ready.json()["status"] == "degraded"
            for path, body in [
                ("/leads", {"name": "Lead while Redis hangs"}),
                ("/users", _invitation("hung@x.example")),
            ]:
                response = http.post(path, json=body)
                assert response.status_code == 201, response.text
                assert response.elapsed.total_seconds() < 3, f"{path} waited on the silent broker"
