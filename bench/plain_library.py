"""The floor for the write path: the plain eventsourcing library, same aggregate shape.

A lead-shaped aggregate written the way the library's own examples write one
(``@event`` methods, ``Application.save``), with the same fields on its events
as Baton's lead, attribution included, so stored events are the same size.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.domain import Aggregate, event


class PlainLead(Aggregate):
    """A lead as a plain library aggregate."""

    @event("Registered")
    def __init__(  # noqa: PLR0913
        self,
        name: str,
        company: str,
        email: str,
        phone: str,
        source: str,
        notes: str,
        actor_id: str,
        actor_role: str,
        correlation_id: str,
        causation_id: str,
    ) -> None:
        self.name = name
        self.company = company
        self.email = email
        self.phone = phone
        self.source = source
        self.status = "new"
        self.notes_count = 1 if notes else 0

    @event("NoteAdded")
    def add_note(self, text: str, actor_id: str, actor_role: str, correlation_id: str, causation_id: str) -> None:
        self.notes_count += 1


class PlainLeads(Application[UUID]):
    """The library's Application with no Baton layer on top."""

    name = "plainleads"

    def register(self, **fields: Any) -> UUID:
        lead = PlainLead(**fields)
        self.save(lead)
        return lead.id

    def add_note(self, lead_id: UUID, text: str, **meta: Any) -> None:
        lead: PlainLead = self.repository.get(lead_id)
        lead.add_note(text, **meta)
        self.save(lead)
