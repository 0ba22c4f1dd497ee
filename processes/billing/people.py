"""Who billing's emails go to: the client's addresses, a lead's, and the team behind a proposal."""

from __future__ import annotations

from uuid import UUID

from domain.billing.proposal import Proposal
from domain.clients.aggregate import Client
from domain.commands import CommandGroup
from domain.leads.aggregate import Lead
from domain.users import User, UserStatus


def _uuid(value: str) -> UUID | None:
    try:
        return UUID(value)
    except (ValueError, AttributeError, TypeError):
        return None


class BillingPeople(CommandGroup):
    """Looks up the people a billing document concerns (reads only: it changes nothing)."""

    def client(self, client_id: str) -> Client | None:
        found = _uuid(client_id)
        return self.find(Client, found) if found else None

    def lead(self, lead_id: str) -> Lead | None:
        found = _uuid(lead_id)
        return self.find(Lead, found) if found else None

    def staff_email(self, user_id: str) -> str:
        found = _uuid(user_id)
        user = self.find(User, found) if found else None
        return user.email if user is not None and user.status is UserStatus.ACTIVE and user.is_staff else ""

    def client_of(self, proposal: Proposal) -> str:
        """The client a proposal is for: its own, or the client its lead became ('' if none yet)."""
        if proposal.client_id:
            return proposal.client_id
        lead = self.lead(proposal.lead_id)
        return lead.client_id if lead is not None else ""

    def document_addresses(self, client_id: str, *, billing_first: bool) -> list[str]:
        """Where a client's documents go: its billing email and its primary contact, in the order asked."""
        client = self.client(client_id)
        if client is None:
            return []
        primary = client.contacts.get(client.primary_contact_id, {}) if client.primary_contact_id else {}
        found = [client.billing_email, str(primary.get("email", ""))]
        ordered = found if billing_first else found[::-1]
        return [next(a for a in ordered if a)] if any(ordered) else []

    def proposal_addresses(self, proposal: Proposal) -> list[str]:
        """Who receives a proposal: the client's primary contact (else billing email), or the lead's email."""
        if proposal.client_id:
            return self.document_addresses(proposal.client_id, billing_first=False)
        lead = self.lead(proposal.lead_id)
        return [lead.email] if lead is not None and "@" in lead.email else []

    def team_addresses(self, proposal: Proposal, team_email: str) -> list[str]:
        """Who hears of the client's decision: the team address, the proposal's author, the account manager."""
        author = self._first_actor(proposal.id)
        client = self.client(self.client_of(proposal))
        manager = client.account_manager_id if client is not None else ""
        found = [team_email, self.staff_email(author), self.staff_email(manager)]
        return list(dict.fromkeys(a for a in found if a))

    def _first_actor(self, aggregate_id: UUID) -> str:
        first = next(iter(self._app.events.get(aggregate_id, limit=1)), None)
        return str(getattr(first, "actor_id", "")) if first is not None else ""
