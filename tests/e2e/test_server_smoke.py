"""The e2e harness itself: a server starts, answers, and stops."""

from __future__ import annotations

from tests.e2e.client import ApiClient
from tests.e2e.server import ServerHandle


def test_server_answers_health_when_started(server: ServerHandle, client: ApiClient) -> None:
    assert client.get("/healthz") == {"status": "ok"}
    assert server.running()
