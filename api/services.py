"""What the API needs from the process it runs in.

The composition root (``baton.container.Container``) provides these; the API
names only this protocol, so it depends on the domain and projections, never on
the wiring.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Protocol, TypeVar

from psycopg_pool import ConnectionPool

from api.identity.service import Identity
from domain.application import BatonApplication
from domain.clock import Clock
from domain.commands import CommandGroup
from domain.leads.commands import LeadCommands
from domain.users.commands import UserCommands
from projections.engine.runner import LogSource


class ApiSettings(Protocol):
    """The settings the API reads."""

    @property
    def read_wait_timeout(self) -> float: ...

    @property
    def max_body_bytes(self) -> int: ...

    @property
    def public_url(self) -> str: ...

    @property
    def stripe_api_key(self) -> str: ...

    @property
    def stripe_api_base(self) -> str: ...

    @property
    def stripe_webhook_secret(self) -> str: ...

    @property
    def data_dir(self) -> Path: ...

    @property
    def files_dir(self) -> Path | None:
        """Where documents' bytes are kept (None: ``data_dir/files``)."""
        ...

    @property
    def document_max_bytes(self) -> int: ...


class MovableClock(Protocol):
    """A clock admins may move forward, for every process of the deployment (tests and demos)."""

    def now(self) -> datetime: ...

    def offset(self) -> timedelta:
        """How far ahead of the system clock it runs."""
        ...

    def advance(self, by: timedelta) -> datetime:
        """Move it forward by ``by`` (ValueError if that is backwards or too far); the new now."""
        ...


G = TypeVar("G", bound=CommandGroup)


class Services(Protocol):
    """Commands, stores and read access the routes use."""

    def commands(self, group: type[G]) -> G:
        """The one instance of a slice's command group (built on first use, from the application)."""
        ...

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

    @property
    def source(self) -> LogSource:
        """Where the event log is, to read its head on a connection the caller holds."""
        ...

    @property
    def clock(self) -> Clock:
        """The deployment's one clock: every command context takes its ``now`` from it."""
        ...

    @property
    def movable_clock(self) -> MovableClock | None:
        """The same clock when admins may move it (BATON_MOVABLE_CLOCK), else None."""
        ...

    def broker_state(self) -> str:
        """'ok', or why the background broker cannot be reached."""
        ...

    def close(self) -> None:
        """Release everything the services hold."""
        ...
