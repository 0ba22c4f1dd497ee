"""Wires outbound email: where messages go, the queue and actor that send them, and what renders them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

import dramatiq
from psycopg_pool import ConnectionPool

from api.identity.keys import load_secret
from api.identity.service import Identity
from baton.settings import Settings
from domain.application import BatonApplication
from domain.clock import Clock
from domain.outbox.commands import EmailCommands
from domain.tickets.desk import desk_from
from processes.billing.emails import billing_renderers
from processes.email_actor import declare_email_actor, enqueuer
from processes.email_delivery import EmailDelivery
from processes.handoff.desk import HandoffDesk
from processes.handoff.emails import handoff_renderers
from processes.invitation_template import invitation_renderer
from processes.mail_transport import FolderTransport, SmtpTransport, Transport
from processes.support_desk.templates import ticket_renderers
from processes.time.emails import time_renderers


@dataclass
class EmailWiring:
    """The email commands, the delivery behind the actor, and how to enqueue a send."""

    emails: EmailCommands
    delivery: EmailDelivery
    actor: Any
    enqueue: Callable[[UUID], None]


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


def wire_email(
    settings: Settings,
    app: BatonApplication,
    pool: ConnectionPool[Any],
    broker: dramatiq.Broker,
    clock: Clock,
    identity: Identity,
) -> EmailWiring:
    emails = EmailCommands(app)

    def issue_link(user_id: UUID, invitation: int) -> Any:
        token, expires = identity.invitations.issue_token(user_id, invitation)
        return identity.invitations.link(token), expires

    renderers = {
        "invitation": invitation_renderer(identity.deps.users.get, issue_link, settings.smtp_from),
        **billing_renderers(app.load, settings.public_url, settings.smtp_from),
        **ticket_renderers(
            app, desk_from(settings, load_secret(settings.secret_key, settings.data_dir)), settings.public_url
        ),
        **time_renderers(settings.smtp_from, settings.public_url),
        **handoff_renderers(app, HandoffDesk.of(settings)),
    }
    delivery = EmailDelivery(emails, renderers, transport_for(settings), pool, clock)
    actor = declare_email_actor(broker, delivery, email_queue_name(settings.database_schema))
    return EmailWiring(emails, delivery, actor, enqueuer(actor))
