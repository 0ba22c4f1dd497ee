"""Commands on clients: create or convert from a lead, keep details and contacts, invite contacts."""

from __future__ import annotations

from dataclasses import replace
from uuid import UUID, uuid4

from domain.aggregate import BatonAggregate
from domain.application import CommandResult
from domain.clients.aggregate import Client
from domain.clients.inputs import NewClient, NewContact
from domain.commands import CommandGroup
from domain.context import CommandContext
from domain.delivery.staff import staff_id
from domain.delivery.values import email_or_blank
from domain.errors import ConcurrentChange, InvalidInput
from domain.leads.aggregate import Lead
from domain.users import EmailClaim, Invitation, Role, User
from domain.users.commands import EmailTaken, UserCommands

__all__ = ["ClientCommands", "NewClient", "NewContact"]


class ClientCommands(CommandGroup):
    """The write side of clients and their contacts."""

    def register(self, ctx: CommandContext, client: NewClient, *, client_id: UUID | None = None) -> CommandResult:
        """Create a client directly (not from a lead)."""
        registered = Client.register(ctx, client_id or uuid4(), client)
        staff_id(self, client.account_manager_id, "account manager")
        return self.create(registered)

    def convert_lead(
        self,
        ctx: CommandContext,
        lead_id: UUID,
        client: NewClient,
        *,
        client_id: UUID | None = None,
        lead_as_contact: bool = True,
        expected_version: int | None = None,
    ) -> CommandResult:
        """Turn a qualified (or proposal_sent) lead into a client: both saved in one commit.

        A blank company name or billing email is taken from the lead; with
        ``lead_as_contact`` the lead's person becomes the first (primary) contact.
        ``expected_version`` is the lead's. The result names the new client.
        """
        new_id = client_id or uuid4()
        made: list[Client] = []

        def convert(lead: Lead) -> tuple[BatonAggregate, ...]:
            # A lead's email was never checked: one that is not an address is left out.
            lead_email = lead.email if _is_address(lead.email) else ""
            filled = replace(
                client,
                company_name=client.company_name.strip() or lead.company or lead.name,
                billing_email=client.billing_email.strip() or lead_email,
            )
            created = Client.register(ctx, new_id, filled, lead_id=str(lead.id))
            staff_id(self, client.account_manager_id, "account manager")
            lead.convert_to_client(ctx, new_id)
            if lead_as_contact:
                person = NewContact(name=lead.name, email=lead_email, phone=lead.phone)
                created.add_contact(ctx, uuid4(), person, primary=True)
            made.append(created)
            return (created,)

        result = self.change(Lead, lead_id, convert, expected_version=expected_version)
        return CommandResult(id=made[-1].id, version=made[-1].version, position=result.position)

    def change_details(
        self, ctx: CommandContext, client_id: UUID, *, expected_version: int | None = None, **changes: str
    ) -> CommandResult:
        """Change company name, address or billing email."""
        return self.change(
            Client, client_id, lambda c: c.change_details(ctx, **changes), expected_version=expected_version
        )

    def change_account_manager(
        self, ctx: CommandContext, client_id: UUID, manager_id: UUID, *, expected_version: int | None = None
    ) -> CommandResult:
        """Give the account to another staff member."""
        manager = staff_id(self, manager_id, "account manager")
        return self.change(
            Client, client_id, lambda c: c.change_account_manager(ctx, manager), expected_version=expected_version
        )

    def add_contact(
        self,
        ctx: CommandContext,
        client_id: UUID,
        contact: NewContact,
        *,
        contact_id: UUID | None = None,
        primary: bool = False,
        expected_version: int | None = None,
    ) -> CommandResult:
        """Add a contact (pass ``contact_id`` to know its id); the first contact becomes primary."""
        new_id = contact_id or uuid4()
        return self.change(
            Client,
            client_id,
            lambda c: c.add_contact(ctx, new_id, contact, primary=primary),
            expected_version=expected_version,
        )

    def change_contact(
        self,
        ctx: CommandContext,
        client_id: UUID,
        contact_id: UUID,
        *,
        expected_version: int | None = None,
        **changes: str,
    ) -> CommandResult:
        """Change a contact's name, email, phone or job title."""
        return self.change(
            Client, client_id, lambda c: c.change_contact(ctx, contact_id, **changes), expected_version=expected_version
        )

    def remove_contact(
        self, ctx: CommandContext, client_id: UUID, contact_id: UUID, *, expected_version: int | None = None
    ) -> CommandResult:
        """Remove a contact (the primary one only when it is the last)."""
        return self.change(
            Client, client_id, lambda c: c.remove_contact(ctx, contact_id), expected_version=expected_version
        )

    def make_primary(
        self, ctx: CommandContext, client_id: UUID, contact_id: UUID, *, expected_version: int | None = None
    ) -> CommandResult:
        """Make a contact the primary one, demoting the previous primary contact."""
        return self.change(
            Client, client_id, lambda c: c.make_primary(ctx, contact_id), expected_version=expected_version
        )

    def invite_contact(
        self,
        ctx: CommandContext,
        client_id: UUID,
        contact_id: UUID,
        *,
        user_id: UUID | None = None,
        send_email: bool = True,
        expected_version: int | None = None,
    ) -> CommandResult:
        """Invite a contact to the portal as a client user: client, user and email claim in one commit.

        The invitation email then goes out through the usual invitation flow.
        Pass ``user_id`` to know the new user's id.
        """
        users = UserCommands(self._app)
        new_id = user_id or uuid4()
        email = ""

        def invite(client: Client) -> tuple[BatonAggregate, ...]:
            nonlocal email
            client.record_invitation(ctx, contact_id, new_id)
            contact = client.contact(contact_id)
            email = contact["email"]
            if users.find_by_email(email) is not None:
                raise EmailTaken(f"A user with the email {email} already exists.")
            invitation = Invitation(
                email=email, name=contact["name"], role=Role.CLIENT, client_id=str(client.id), send_email=send_email
            )
            user = User.invite(ctx, new_id, invitation)
            return user, EmailClaim.claim(ctx, email, user.id)

        try:
            return self.change(Client, client_id, invite, expected_version=expected_version, retries=1)
        except ConcurrentChange:
            if email and users.find_by_email(email) is not None:
                raise EmailTaken(f"A user with the email {email} already exists.") from None
            raise


def _is_address(text: str) -> bool:
    try:
        return bool(email_or_blank(text, "email"))
    except InvalidInput:
        return False
