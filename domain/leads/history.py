"""Reads of a lead's own history that its current state does not carry."""

from __future__ import annotations

from uuid import UUID

from domain.application import BatonApplication
from domain.leads.aggregate import Lead


def notes_up_to(app: BatonApplication, lead_id: UUID, version: int | None = None) -> list[str]:
    """The texts of a lead's notes, oldest first, as recorded up to ``version``."""
    texts: list[str] = []
    for event in app.events.get(lead_id, lte=version):
        if isinstance(event, Lead.Registered) and event.notes:
            texts.append(event.notes)
        elif isinstance(event, Lead.NoteAdded):
            texts.append(event.text)
    return texts
