"""The names a handoff email uses, read from the records they belong to."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from domain.clients.aggregate import Client
from domain.commands import CommandGroup
from domain.handoff.aggregate import Handoff
from domain.handoff.templates.context import Names
from domain.projects.aggregate import Project
from domain.users.aggregate import User


def _uuid(text: str) -> UUID | None:
    try:
        return UUID(str(text))
    except ValueError:
        return None


class HandoffPeople(CommandGroup):
    """Looks up the client, the project, the project manager and the support lead of a handoff."""

    def names(self, handoff: Handoff, manager_id: str, data: dict[str, Any]) -> Names:
        client = self._find(Client, handoff.client_id)
        project = self._find(Project, handoff.project_id)
        pm = self._find(User, manager_id)
        lead = self._find(User, str(data.get("support_lead_id", "")))
        contacts = data.get("authorised_contacts") or []
        first_name = str(contacts[0]["name"]).split()[0] if contacts else ""
        return Names(
            client=client.company_name if client else "",
            contact_first_name=first_name,
            project=project.name if project else "",
            pm=(pm.name or pm.email) if pm else "",
            pm_email=pm.email if pm else "",
            support_lead=(lead.name or lead.email) if lead else "",
            support_lead_email=lead.email if lead else "",
        )

    def address_of(self, user_id: str) -> str:
        user = self._find(User, user_id)
        return user.email if user is not None else ""

    def _find(self, cls: type[Any], record_id: str) -> Any:
        found = _uuid(record_id)
        return self.find(cls, found) if found is not None else None
