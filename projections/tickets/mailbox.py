"""The support mailbox: who writes from which address (clients' contacts), and the emails received.

Inbound email is placed by its sender: a contact of exactly one client opens a
ticket for that client. Client users are read from the user directory; the
contacts are kept here, one row per client, with their addresses in a
newline-framed column an exact ``LIKE`` finds.
"""

from __future__ import annotations

import json

from domain.clients.aggregate import Client
from domain.tickets.inbound_email import HELD, InboundEmail
from projections.engine import Column, Entities, Fold, Projection, Row, handles
from projections.engine import position_column as position
from projections.engine import version_column as version

PEOPLE = Entities(
    "support_client_people",
    (
        Column("id", "uuid"),
        Column("company_name", "text", changes=True),
        Column("contacts", "text", changes=True, default="{}"),  # JSON {contact id: {name, email}}
        Column("emails", "text", changes=True, default="\n"),  # "\n" + each address + "\n", lower case
        version(),
    ),
)

INBOX = Entities(
    "inbound_emails",
    (
        Column("id", "uuid"),
        Column("message_id", "text"),
        Column("sender", "text"),
        Column("sender_name", "text"),
        Column("subject", "text"),
        Column("text", "text"),
        Column("attachments", "integer"),
        Column("provider", "text"),
        Column("received_at", "timestamptz"),
        Column("status", "text", changes=True),
        Column("reason", "text", changes=True, default=""),
        Column("ticket_id", "text", changes=True, default=""),
        Column("outcome", "text", changes=True, default=""),
        Column("matched_by", "text", changes=True, default=""),
        Column("updated_at", "timestamptz", changes=True),
        version(),
        position(),
    ),
    indexes=("(received_at, id)", "(status)"),
)


def _set_contacts(row: Row, contacts: dict[str, dict[str, str]]) -> None:
    row["contacts"] = json.dumps(contacts, sort_keys=True)
    emails = sorted({c["email"].lower() for c in contacts.values() if c.get("email")})
    row["emails"] = "\n" + "".join(f"{e}\n" for e in emails)


class SupportMailbox(Projection):
    """Clients' contact addresses, and inbound emails with where each went."""

    name = "support_mailbox"
    version = 1
    tables = (PEOPLE, INBOX)

    @handles(Client.Created)
    def client_created(self, fold: Fold, e: Client.Created) -> None:
        fold.insert(PEOPLE, e, company_name=e.company_name)

    @handles(Client.DetailsChanged)
    def details(self, fold: Fold, e: Client.DetailsChanged) -> None:
        if (row := fold.update(PEOPLE, e)) is not None and "company_name" in e.changes:
            row["company_name"] = e.changes["company_name"]

    @handles(Client.ContactAdded)
    def contact_added(self, fold: Fold, e: Client.ContactAdded) -> None:
        if (row := fold.update(PEOPLE, e)) is not None:
            contacts = json.loads(row["contacts"])
            contacts[e.contact_id] = {"name": e.name, "email": e.email}
            _set_contacts(row, contacts)

    @handles(Client.ContactChanged)
    def contact_changed(self, fold: Fold, e: Client.ContactChanged) -> None:
        if (row := fold.update(PEOPLE, e)) is not None:
            contacts = json.loads(row["contacts"])
            if e.contact_id in contacts:
                contact = contacts[e.contact_id]
                contact.update({k: v for k, v in e.changes.items() if k in ("name", "email")})
                _set_contacts(row, contacts)

    @handles(Client.ContactRemoved)
    def contact_removed(self, fold: Fold, e: Client.ContactRemoved) -> None:
        if (row := fold.update(PEOPLE, e)) is not None:
            contacts = json.loads(row["contacts"])
            contacts.pop(e.contact_id, None)
            _set_contacts(row, contacts)

    @handles(InboundEmail.Received)
    def received(self, fold: Fold, e: InboundEmail.Received) -> None:
        fold.insert(
            INBOX,
            e,
            message_id=e.message_id,
            sender=e.sender,
            sender_name=e.sender_name,
            subject=e.subject,
            text=e.text,
            attachments=len(e.attachments),
            provider=e.provider,
            received_at=e.timestamp,
            status="received",
        )

    @handles(InboundEmail.Routed)
    def routed(self, fold: Fold, e: InboundEmail.Routed) -> None:
        if (row := fold.update(INBOX, e)) is not None:
            row.update(status="routed", ticket_id=e.ticket_id, outcome=e.outcome, matched_by=e.matched_by)

    @handles(InboundEmail.HeldForTriage)
    def held(self, fold: Fold, e: InboundEmail.HeldForTriage) -> None:
        if (row := fold.update(INBOX, e)) is not None:
            row.update(status=HELD, reason=e.reason)

    @handles(InboundEmail.Released)
    def released(self, fold: Fold, e: InboundEmail.Released) -> None:
        if (row := fold.update(INBOX, e)) is not None:
            row["status"] = "released"

    @handles(InboundEmail.Dismissed)
    def dismissed(self, fold: Fold, e: InboundEmail.Dismissed) -> None:
        if (row := fold.update(INBOX, e)) is not None:
            row.update(status="dismissed", reason=e.reason)
