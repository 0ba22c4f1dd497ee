"""What the API needs from the process it runs in.

The composition root (``baton.container.Container``) provides these; the API
names only this protocol, so it depends on the domain and projections, never on
the wiring.
"""

from __future__ import annotations

from typing import Any, Protocol

from psycopg_pool import ConnectionPool

from api.identity.service import Identity
from domain.application import BatonApplication
from domain.leads.commands import LeadCommands
from domain.users.commands import UserCommands


class ApiSettings(Protocol):
    """The settings the API reads."""

    @property
    def read_wait_timeout(self) -> float: ...

    @property
    def max_body_bytes(self) -> int: ...

    @property
    def public_url(self) -> str: ...


class Services(Protocol):
    """Commands, stores and read access the routes use."""

    @property
    def settings(self) -> ApiSettings: ...

    @property
    def app(self) -> BatonApplication: ...

    @property
    def pool(self) -> ConnectionPool[Any]: ...

    @property
    def leads(self) -> LeadCommands: ...

    @property
    def users(self) -> UserCommands: ...

    @property
    def identity(self) -> Identity: ...

    def head(self) -> int:
        """The position of the newest event in the log."""
        ...

    def wait_for_position(self, name: str, position: int, timeout: float) -> int | None:
        """Wait until projection ``name`` has applied ``position``; return where it is."""
        ...

    def broker_state(self) -> str:
        """'ok', or why the background broker cannot be reached."""
        ...

    def close(self) -> None:
        """Release everything the services hold."""
        ...
