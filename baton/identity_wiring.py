"""Wires identity, outbound email and the invitation process into a container."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

import dramatiq
from psycopg_pool import ConnectionPool

from api.identity import store
from api.identity.base import IdentityDeps, utc_now
from api.identity.keys import Keyring, load_secret
from api.identity.service import Identity
from baton.settings import Settings
from domain.application import BatonApplication
from domain.outbox.commands import EmailCommands
from domain.users.commands import UserCommands
from processes import manager
from processes.email_actor import declare_email_actor, enqueuer, run_sweeps
from processes.email_delivery import EmailDelivery
from processes.invitation_emails import InvitationEmails
from processes.invitation_template import invitation_renderer
from processes.mail_transport import FolderTransport, SmtpTransport, Transport
from processes.manager import ProcessManager, ProcessRunner
from projections.runner import LogSource


@dataclass
class IdentityWiring:
    """The identity and email parts of a container."""

    users: UserCommands
    emails: EmailCommands
    identity: Identity
    processes: list[ProcessManager]
    email_actor: Any
    enqueue_email: Callable[[UUID], None]
    delivery: EmailDelivery


def transport_for(settings: Settings) -> Transport:
    if settings.smtp_host:
        return SmtpTransport(
            host=settings.smtp_host,
            port=settings.smtp_port,
            username=settings.smtp_username,
            password=settings.smtp_password,
            tls=settings.smtp_tls,
        )
    return FolderTransport(settings.data_dir / "outbox")


def email_queue_name(schema: str) -> str:
    """Each schema has its own queue, so servers sharing one Redis never take each other's emails."""
    return "email" if schema == "public" else f"email_{schema}"


def wire_identity(
    settings: Settings, app: BatonApplication, pool: ConnectionPool[Any], broker: dramatiq.Broker
) -> IdentityWiring:
    with pool.connection() as conn:
        store.ensure_schema(conn)
        manager.ensure_schema(conn)
    users = UserCommands(app)
    emails = EmailCommands(app)
    keys = Keyring(load_secret(settings.secret_key, settings.data_dir))
    identity = Identity(IdentityDeps(pool=pool, users=users, keys=keys, public_url=settings.public_url))
    clock = identity.deps.clock

    def issue_link(user_id: UUID, invitation: int) -> Any:
        token, expires = identity.invitations.issue_token(user_id, invitation)
        return identity.invitations.link(token), expires

    renderers = {"invitation": invitation_renderer(users.get, issue_link, settings.smtp_from)}
    delivery = EmailDelivery(emails, renderers, transport_for(settings), pool, clock)
    actor = declare_email_actor(broker, delivery, email_queue_name(settings.database_schema))
    enqueue = enqueuer(actor)
    processes: list[ProcessManager] = [InvitationEmails(emails, users.get, enqueue, clock)]
    return IdentityWiring(users, emails, identity, processes, actor, enqueue, delivery)


def start_processes(
    processes: list[ProcessManager],
    source: LogSource,
    settings: Settings,
    pool: ConnectionPool[Any],
    enqueue: Callable[[UUID], None],
    stop: threading.Event,
) -> list[threading.Thread]:
    """Follow the log with every process manager, and sweep stuck emails, each on a thread."""
    threads = [
        threading.Thread(
            target=ProcessRunner(p, source, idle_wait=settings.projection_idle_wait).run,
            args=(stop,),
            name=f"process-{p.name}",
            daemon=True,
        )
        for p in processes
    ]
    threads.append(
        threading.Thread(
            target=run_sweeps,
            args=(stop, settings.email_sweep_interval, pool, enqueue, utc_now),
            name="email-sweep",
            daemon=True,
        )
    )
    for thread in threads:
        thread.start()
    return threads
