"""The Lead aggregate and its pipeline rules."""

from __future__ import annotations

from enum import StrEnum
from typing import Any
from uuid import UUID

from domain.aggregate import BatonAggregate
from domain.context import CommandContext
from domain.errors import InvalidInput, InvalidTransition


class LeadStatus(StrEnum):
    """Where a lead stands in the sales pipeline."""

    NEW = "new"
    CONTACTED = "contacted"
    QUALIFIED = "qualified"
    PROPOSAL_SENT = "proposal_sent"
    CONVERTED = "converted"
    LOST = "lost"


# The forward path of the pipeline; "lost" is reachable from any open status.
_NEXT: dict[LeadStatus, LeadStatus] = {
    LeadStatus.NEW: LeadStatus.CONTACTED,
    LeadStatus.CONTACTED: LeadStatus.QUALIFIED,
    LeadStatus.QUALIFIED: LeadStatus.PROPOSAL_SENT,
    LeadStatus.PROPOSAL_SENT: LeadStatus.CONVERTED,
}
FINAL_STATUSES = frozenset({LeadStatus.CONVERTED, LeadStatus.LOST})


def allowed_next(status: LeadStatus) -> list[LeadStatus]:
    """The statuses a lead may move to from ``status``, in pipeline order."""
    if status in FINAL_STATUSES:
        return []
    return [_NEXT[status], LeadStatus.LOST]


class Lead(BatonAggregate):
    """A prospective client, from first contact to conversion or loss."""

    TOPIC = "baton.lead.Lead"
    # Version 2 added ``website``. Version 3 keeps only the count of notes: no
    # rule reads their text, and carrying it made snapshots of busy leads heavy.
    # Snapshots taken before either change load through the upcasters.
    class_version = 3

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        state["website"] = ""

    @staticmethod
    def upcast_v2_v3(state: dict[str, Any]) -> None:
        state["notes_count"] = len(state.pop("notes", None) or [])

    class Event(BatonAggregate.Event):
        """Base of the lead's events."""

    class Registered(Event, BatonAggregate.Created):
        """A new lead entered the pipeline."""

        TOPIC = "baton.lead.Registered"
        # Version 2 added ``website``: leads registered before it had none.
        class_version = 2
        name: str
        company: str
        email: str
        phone: str
        source: str
        notes: str
        website: str

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["website"] = ""

    # The library derives a "Created" class for each aggregate unless one is
    # named; pointing it at ours keeps every stored topic explicit.
    Created = Registered

    class StatusChanged(Event):
        """The lead moved forward in the pipeline."""

        TOPIC = "baton.lead.StatusChanged"
        from_status: str
        to_status: str

        def apply(self, aggregate: Lead) -> None:
            aggregate.status = LeadStatus(self.to_status)

    class MarkedLost(Event):
        """The lead was lost, with the reason why."""

        TOPIC = "baton.lead.MarkedLost"
        from_status: str
        reason: str

        def apply(self, aggregate: Lead) -> None:
            aggregate.status = LeadStatus.LOST
            aggregate.lost_reason = self.reason

    class NoteAdded(Event):
        """Someone wrote a note on the lead."""

        TOPIC = "baton.lead.NoteAdded"
        text: str

        def apply(self, aggregate: Lead) -> None:
            aggregate.notes_count += 1

    def __init__(  # noqa: PLR0913
        self, name: str, company: str, email: str, phone: str, source: str, notes: str, website: str
    ) -> None:
        self.name = name
        self.company = company
        self.email = email
        self.phone = phone
        self.source = source
        self.website = website
        self.status = LeadStatus.NEW
        self.lost_reason = ""
        self.notes_count = 1 if notes else 0

    @classmethod
    def register(  # noqa: PLR0913
        cls,
        ctx: CommandContext,
        lead_id: UUID,
        *,
        name: str,
        company: str = "",
        email: str = "",
        phone: str = "",
        source: str = "",
        notes: str = "",
        website: str = "",
    ) -> Lead:
        """Register a new lead in status ``new``."""
        if not name.strip():
            raise InvalidInput("A lead needs a name.")
        lead: Lead = cls._start(
            cls.Registered,
            ctx,
            lead_id,
            name=name.strip(),
            company=company.strip(),
            email=email.strip(),
            phone=phone.strip(),
            source=source.strip(),
            notes=notes.strip(),
            website=website.strip(),
        )
        return lead

    def change_status(self, ctx: CommandContext, to: LeadStatus, reason: str = "") -> None:
        """Move the lead along the pipeline, or mark it lost with a reason."""
        allowed = allowed_next(self.status)
        if to not in allowed:
            if allowed:
                options = ", ".join(f"'{s}'" for s in allowed)
                hint = f"From '{self.status}' it can move to {options}."
            else:
                hint = f"'{self.status}' is final: no further change is possible."
            msg = f"A lead cannot move from '{self.status}' to '{to}'. {hint}"
            raise InvalidTransition(msg)
        if to is LeadStatus.LOST:
            if not reason.strip():
                raise InvalidInput("Marking a lead lost needs a reason.")
            self._record(self.MarkedLost, ctx, from_status=self.status.value, reason=reason.strip())
        else:
            self._record(self.StatusChanged, ctx, from_status=self.status.value, to_status=to.value)

    def add_note(self, ctx: CommandContext, text: str) -> None:
        """Add a note; allowed in every status, final ones included."""
        if not text.strip():
            raise InvalidInput("A note cannot be empty.")
        self._record(self.NoteAdded, ctx, text=text.strip())
