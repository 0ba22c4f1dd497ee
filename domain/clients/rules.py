"""The client's questions about itself, mixed into the Client aggregate: who keeps it, which contacts it has."""

from __future__ import annotations

from uuid import UUID

from domain.context import CommandContext
from domain.delivery.access import is_admin, is_user, require
from domain.errors import NotFound, RuleViolation


class ClientRules:
    """Admins and the account manager keep a client's record and contacts; contacts have distinct emails."""

    company_name: str
    account_manager_id: str
    # contact id -> name, email, phone, job_title and the client user it was invited as ("" if none)
    contacts: dict[str, dict[str, str]]

    def can_manage(self, ctx: CommandContext) -> bool:
        """An admin or the client's account manager."""
        return is_admin(ctx.actor) or is_user(ctx.actor, self.account_manager_id)

    def require_manager(self, ctx: CommandContext, doing: str) -> None:
        """Refuse unless an admin or the account manager acts."""
        require(self.can_manage(ctx), f"Only an admin or the client's account manager may {doing}.")

    def contact(self, contact_id: UUID | str) -> dict[str, str]:
        """The contact's fields, or NotFound."""
        found = self.contacts.get(str(contact_id))
        if found is None:
            raise NotFound(f"The client {self.company_name} has no contact with id {contact_id}.")
        return found

    def check_email_free(self, email: str, contact_id: str) -> None:
        """No two contacts of a client share an email address."""
        if email and any(c["email"] == email for cid, c in self.contacts.items() if cid != contact_id):
            raise RuleViolation(f"Another contact of this client already has the email {email}.")
