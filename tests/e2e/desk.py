"""The support desk's e2e world: an agency with a client, its people, a mail server, a movable clock.

Built through a short-lived container (the client record, its contact and its
portal user, staff with MFA), then served by a real `baton serve` that sends
mail to an aiosmtpd server on loopback and takes inbound email signed with a
shared secret.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Any
from uuid import UUID, uuid4

import httpx

from api.identity.provision import ProvisionedUser, provision_user
from baton.container import build
from domain.clients.commands import ClientCommands, NewClient, NewContact
from domain.context import Actor, CommandContext
from domain.users import Role
from tests.builders import settings
from tests.builders.identity import TEST_SECRET_KEY
from tests.builders.smtp import Mailbox, smtp_server
from tests.e2e.client import ApiClient
from tests.e2e.server import ServerHandle, start_server

SUPPORT = "help@agency.test"
INBOUND_SECRET = "inbound-test-secret-0123456789"
CONTACT_EMAIL = "ana.contact@acme.test"
# Open around the clock, no holidays: business minutes are wall-clock minutes, whenever the test runs.
ALWAYS_OPEN = {day: [["00:00", "00:00"]] for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}


@dataclass
class DeskWorld:
    server: ServerHandle
    mailbox: Mailbox
    admin: ProvisionedUser
    agent: ProvisionedUser
    client_user: ProvisionedUser
    client_id: UUID
    contact_id: UUID

    def api(self, who: ProvisionedUser | None) -> ApiClient:
        return ApiClient(self.server.base_url, who.token if who else None)

    def deliver(
        self, body: bytes, content_type: str = "message/rfc822", *, secret: str = INBOUND_SECRET
    ) -> httpx.Response:
        """POST an email to the inbound webhook, signed as the mail relay would sign it."""
        signature = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
        headers = {"Content-Type": content_type, "X-Baton-Signature": signature}
        return httpx.post(f"{self.server.base_url}/webhooks/inbound-email", content=body, headers=headers, timeout=10)

    def mails_to(self, address: str) -> list[EmailMessage]:
        return [m for m in list(self.mailbox.messages) if m["To"] == address]


def body_of(message: EmailMessage) -> str:
    part = message.get_body(("plain",))
    return part.get_content() if part is not None else ""


@contextmanager
def desk_world(database_url: str, schema: str, extra: dict[str, str] | None = None) -> Iterator[DeskWorld]:
    """The agency, its client and people in ``schema``, served with mail and a movable clock."""
    container = build(settings(database_url, schema, secret_key=TEST_SECRET_KEY))
    try:
        admin = provision_user(container.identity, role=Role.ADMIN, email="admin@agency.test")
        agent = provision_user(container.identity, role=Role.EMPLOYEE, email="agent@agency.test")
        ctx = CommandContext(actor=Actor.user(admin.user_id, "admin"), now=container.clock.now())
        clients = container.commands(ClientCommands)
        client_id = clients.register(ctx, NewClient("Acme Shop", account_manager_id=agent.user_id)).id
        contact = NewContact("Ana Contact", CONTACT_EMAIL)
        contact_id = uuid4()
        clients.add_contact(ctx, client_id, contact, contact_id=contact_id)
        client_user = provision_user(
            container.identity, role=Role.CLIENT, email="carla@acme.test", client_id=str(client_id)
        )
    finally:
        container.close()
    with smtp_server() as (mailbox, port):
        env = {
            "BATON_SECRET_KEY": TEST_SECRET_KEY,
            "BATON_ENVIRONMENT": "test",
            "BATON_MOVABLE_CLOCK": "true",
            "BATON_SMTP_HOST": "127.0.0.1",
            "BATON_SMTP_PORT": str(port),
            "BATON_SMTP_TLS": "none",
            "BATON_SMTP_FROM": f"Acme Agency Support <{SUPPORT}>",
            "BATON_SUPPORT_ADDRESS": SUPPORT,
            "BATON_INBOUND_EMAIL_SECRET": INBOUND_SECRET,
            "BATON_TIMER_POLL_INTERVAL": "2",
            "BATON_SESSION_IDLE_HOURS": "1000",  # the clock moves days ahead: sessions stay signed in
            **(extra or {}),
        }
        with start_server(database_url, schema, env, ready_timeout=120) as server:
            yield DeskWorld(server, mailbox, admin, agent, client_user, client_id, contact_id)


MATRIX_NOTE = "Matrix note: for staff eyes only."


def seed_tickets(base_url: str, tokens: dict[str, str | None], admin_id: str) -> dict[str, str]:
    """A ticket the client user opened (with a staff note on it), and one of another client opened by staff."""

    def post(who: str, path: str, body: dict[str, Any]) -> dict[str, Any]:
        answer = httpx.post(base_url + path, json=body, headers={"Authorization": f"Bearer {tokens[who]}"}, timeout=10)
        assert answer.status_code in (200, 201), answer.text
        found: dict[str, Any] = answer.json()
        return found

    mine = post("client", "/tickets", {"subject": "Matrix: invoice address wrong", "message": "Please fix it."})
    post("admin", f"/tickets/{mine['id']}/notes", {"text": MATRIX_NOTE})
    elsewhere = post("admin", "/clients", {"company_name": "Matrix Elsewhere", "account_manager_id": admin_id})
    requester = {"kind": "contact", "id": str(uuid4())}
    theirs = post("admin", "/tickets", {"subject": "Elsewhere", "client_id": elsewhere["id"], "requester": requester})
    return {"ticket": mine["id"], "other_ticket": theirs["id"]}
