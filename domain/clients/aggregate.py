"""The Client aggregate: company details, account manager, and contacts with one primary."""

from __future__ import annotations

from dataclasses import asdict
from uuid import UUID

from domain.aggregate import BatonAggregate
from domain.clients.inputs import NewClient, NewContact, contact_fields, detail_fields
from domain.clients.rules import ClientRules
from domain.context import CommandContext
from domain.delivery.access import is_admin, require
from domain.errors import RuleViolation


class Client(ClientRules, BatonAggregate):
    """An organisation the agency works for."""

    TOPIC = "baton.client.Client"

    class Event(BatonAggregate.Event):
        """Base of the client's events."""

    class Created(Event, BatonAggregate.Created):
        """A client record was created; ``lead_id`` names the lead it was converted from, if any."""

        TOPIC = "baton.client.Created"
        company_name: str
        address: str
        billing_email: str
        account_manager_id: str
        lead_id: str

    class DetailsChanged(Event):
        """Company name, address or billing email changed; ``changes`` holds the new values."""

        TOPIC = "baton.client.DetailsChanged"
        changes: dict[str, str]

        def apply(self, aggregate: Client) -> None:
            for field, value in self.changes.items():
                setattr(aggregate, field, value)

    class AccountManagerChanged(Event):
        """Another staff member now manages the account."""

        TOPIC = "baton.client.AccountManagerChanged"
        from_manager_id: str
        to_manager_id: str

        def apply(self, aggregate: Client) -> None:
            aggregate.account_manager_id = self.to_manager_id

    class ContactAdded(Event):
        """A person at the client was added as a contact."""

        TOPIC = "baton.client.ContactAdded"
        contact_id: str
        name: str
        email: str
        phone: str
        job_title: str

        def apply(self, aggregate: Client) -> None:
            contact = {"name": self.name, "email": self.email, "phone": self.phone, "job_title": self.job_title}
            aggregate.contacts[self.contact_id] = {**contact, "user_id": ""}

    class ContactChanged(Event):
        """A contact's name, email, phone or job title changed; ``changes`` holds the new values."""

        TOPIC = "baton.client.ContactChanged"
        contact_id: str
        changes: dict[str, str]

        def apply(self, aggregate: Client) -> None:
            aggregate.contacts[self.contact_id].update(self.changes)

    class ContactRemoved(Event):
        """A contact no longer deals with the agency; their record stays in the history."""

        TOPIC = "baton.client.ContactRemoved"
        contact_id: str

        def apply(self, aggregate: Client) -> None:
            del aggregate.contacts[self.contact_id]

    class PrimaryContactSet(Event):
        """The contact became the client's primary contact."""

        TOPIC = "baton.client.PrimaryContactSet"
        contact_id: str

        def apply(self, aggregate: Client) -> None:
            aggregate.primary_contact_id = self.contact_id

    class PrimaryContactDemoted(Event):
        """The contact stopped being the primary one (another took over, or they were removed)."""

        TOPIC = "baton.client.PrimaryContactDemoted"
        contact_id: str

        def apply(self, aggregate: Client) -> None:
            aggregate.primary_contact_id = ""

    class ContactInvited(Event):
        """The contact was invited to the client portal as the client user ``user_id``."""

        TOPIC = "baton.client.ContactInvited"
        contact_id: str
        user_id: str

        def apply(self, aggregate: Client) -> None:
            aggregate.contacts[self.contact_id]["user_id"] = self.user_id

    def __init__(self, company_name: str, address: str, billing_email: str, account_manager_id: str, lead_id: str):
        self.company_name = company_name
        self.address = address
        self.billing_email = billing_email
        self.account_manager_id = account_manager_id
        self.lead_id = lead_id
        self.contacts = {}
        self.primary_contact_id = ""

    # -- commands --------------------------------------------------------------

    @classmethod
    def register(cls, ctx: CommandContext, client_id: UUID, client: NewClient, *, lead_id: str = "") -> Client:
        """Create a client record (``lead_id`` when it comes from a converted lead)."""
        require(is_admin(ctx.actor), "Only an admin may create a client.")
        fields = detail_fields({k: v for k, v in asdict(client).items() if k != "account_manager_id"})
        created: Client = cls._start(
            cls.Created, ctx, client_id, **fields, account_manager_id=str(client.account_manager_id), lead_id=lead_id
        )
        return created

    def change_details(self, ctx: CommandContext, **changes: str) -> None:
        """Change company name, address or billing email; unchanged values are not recorded."""
        self.require_manager(ctx, "change the client's details")
        actual = {k: v for k, v in detail_fields(changes).items() if getattr(self, k) != v}
        if actual:
            self._record(self.DetailsChanged, ctx, changes=actual)

    def change_account_manager(self, ctx: CommandContext, manager_id: str) -> None:
        """Give the account to another staff member."""
        require(is_admin(ctx.actor), "Only an admin may change a client's account manager.")
        if manager_id == self.account_manager_id:
            raise RuleViolation("That staff member already manages this client's account.")
        self._record(self.AccountManagerChanged, ctx, from_manager_id=self.account_manager_id, to_manager_id=manager_id)

    def add_contact(self, ctx: CommandContext, contact_id: UUID, contact: NewContact, *, primary: bool) -> None:
        """Add a contact; the first one, or one added with ``primary``, becomes the primary contact."""
        self.require_manager(ctx, "add contacts")
        if str(contact_id) in self.contacts:
            raise RuleViolation(f"The client already has a contact with id {contact_id}.")
        fields = contact_fields(asdict(contact))
        self.check_email_free(fields["email"], "")
        self._record(self.ContactAdded, ctx, contact_id=str(contact_id), **fields)
        if primary or not self.primary_contact_id:
            self.make_primary(ctx, contact_id)

    def change_contact(self, ctx: CommandContext, contact_id: UUID, **changes: str) -> None:
        """Change a contact's fields; unchanged values are not recorded."""
        self.require_manager(ctx, "change contacts")
        current = self.contact(contact_id)
        actual = {k: v for k, v in contact_fields(changes).items() if current[k] != v}
        if "email" in actual:
            self.check_email_free(actual["email"], str(contact_id))
        if actual:
            self._record(self.ContactChanged, ctx, contact_id=str(contact_id), changes=actual)

    def remove_contact(self, ctx: CommandContext, contact_id: UUID) -> None:
        """Remove a contact; the primary one only when no other contact is left."""
        self.require_manager(ctx, "remove contacts")
        self.contact(contact_id)
        if str(contact_id) == self.primary_contact_id:
            if len(self.contacts) > 1:
                raise RuleViolation("This is the primary contact: make another contact primary before removing it.")
            self._record(self.PrimaryContactDemoted, ctx, contact_id=str(contact_id))
        self._record(self.ContactRemoved, ctx, contact_id=str(contact_id))

    def make_primary(self, ctx: CommandContext, contact_id: UUID) -> None:
        """Make the contact the primary one; the previous primary contact is demoted."""
        self.require_manager(ctx, "choose the primary contact")
        self.contact(contact_id)
        if str(contact_id) == self.primary_contact_id:
            raise RuleViolation("This contact already is the primary contact.")
        if self.primary_contact_id:
            self._record(self.PrimaryContactDemoted, ctx, contact_id=self.primary_contact_id)
        self._record(self.PrimaryContactSet, ctx, contact_id=str(contact_id))

    def record_invitation(self, ctx: CommandContext, contact_id: UUID, user_id: UUID) -> None:
        """Record that the contact was invited to the portal as the client user ``user_id``."""
        require(is_admin(ctx.actor), "Only an admin may invite a contact to the client portal.")
        contact = self.contact(contact_id)
        if contact["user_id"]:
            raise RuleViolation(f"{contact['name']} was already invited; resend their invitation instead.")
        if not contact["email"]:
            raise RuleViolation(f"{contact['name']} has no email address to send an invitation to.")
        self._record(self.ContactInvited, ctx, contact_id=str(contact_id), user_id=str(user_id))
