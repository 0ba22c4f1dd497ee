"""One `baton serve` for the outside probes: its own schema, an admin and a client user known by password."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import httpx
import psycopg

from baton.container import build
from tests.builders import settings
from tests.builders.identity import TEST_SECRET_KEY, ProvisionedUser, admin, client_user
from tests.builders.schemas import fresh_schema
from tests.e2e.server import ServerHandle, start_server

READY = 90.0  # seconds: generous on a loaded machine


@dataclass(frozen=True)
class Probed:
    """A running server and the accounts a probe may use."""

    server: ServerHandle
    admin: ProvisionedUser
    client: ProvisionedUser
    database_url: str
    schema: str

    def clear_failures(self) -> None:
        """Forget every failed sign-in, so one probe's failures do not throttle the next."""
        with psycopg.connect(self.database_url, options=f"-c search_path={self.schema}", autocommit=True) as conn:
            conn.execute("DELETE FROM identity_login_failures")

    @property
    def url(self) -> str:
        return self.server.base_url

    def http(self, token: str | None = None) -> httpx.Client:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return httpx.Client(base_url=self.url, timeout=20, headers=headers)


@contextmanager
def probed_server(database_url: str, env: dict[str, str] | None = None) -> Iterator[Probed]:
    """A server on a fresh schema with an admin (MFA on) and a client user (no MFA), both signed in."""
    with fresh_schema(database_url) as schema:
        container = build(settings(database_url, schema, secret_key=TEST_SECRET_KEY))
        try:
            boss, client = admin(container), client_user(container)
        finally:
            container.close()
        extra = {"BATON_SECRET_KEY": TEST_SECRET_KEY, **(env or {})}
        with start_server(database_url, schema, extra, ready_timeout=READY) as server:
            yield Probed(server, boss, client, database_url, schema)
