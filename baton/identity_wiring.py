"""Wires identity: credentials, sessions, MFA and invitation links, on the deployment's clock."""

from __future__ import annotations

from typing import Any

from psycopg_pool import ConnectionPool

from api.identity import store
from api.identity.base import IdentityDeps, Lifetimes
from api.identity.keys import Keyring, load_secret
from api.identity.service import Identity
from baton.settings import Settings
from domain.application import BatonApplication
from domain.clock import Clock
from domain.users.commands import UserCommands


def wire_identity(
    settings: Settings, app: BatonApplication, pool: ConnectionPool[Any], clock: Clock
) -> tuple[UserCommands, Identity]:
    """The user commands and the identity service, with their tables in place."""
    with pool.connection() as conn:
        store.ensure_schema(conn)
    users = UserCommands(app)
    keys = Keyring(load_secret(settings.secret_key, settings.data_dir))
    lifetimes = Lifetimes(settings.invitation_valid_hours, settings.session_idle_hours, settings.session_max_days)
    deps = IdentityDeps(
        pool=pool, users=users, keys=keys, public_url=settings.public_url, clock=clock.now, lifetimes=lifetimes
    )
    return users, Identity(deps)
