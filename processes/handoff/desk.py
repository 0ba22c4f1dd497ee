"""The support team as the handoff's emails present it, from the deployment's settings."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from domain.handoff.templates.context import Desk


class HandoffSource(Protocol):
    """The settings the handoff reads (``baton.settings.Settings`` has them)."""

    support_address: str
    support_queue_address: str
    support_phone: str
    support_hours: str
    support_emergency: str
    smtp_from: str


@dataclass(frozen=True)
class HandoffDesk:
    """Where the handoff's emails go and what they say about the support team."""

    desk: Desk = Desk()
    queue_address: str = "support@baton.local"  # where the support team's internal notices go
    sender: str = "Baton <noreply@baton.local>"

    @classmethod
    def of(cls, settings: HandoffSource | None) -> HandoffDesk:
        if settings is None:
            return cls()
        desk = Desk(
            address=settings.support_address,
            phone=settings.support_phone,
            hours=settings.support_hours or Desk.hours,
            emergency=settings.support_emergency or Desk.emergency,
        )
        return cls(desk, settings.support_queue_address or settings.support_address, settings.smtp_from)
