"""The Lead aggregate and its pipeline rules."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import Any
from uuid import UUID

from domain.aggregate import BatonAggregate
from domain.contact_details import check_phone, check_website
from domain.context import CommandContext
from domain.errors import InvalidInput, InvalidTransition, NotPermitted
from domain.leads.details import EDITABLE, LeadChanges, check_changes


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
# A lead becomes a client only once it is qualified (with or without a proposal sent).
CONVERTIBLE_STATUSES = (LeadStatus.QUALIFIED, LeadStatus.PROPOSAL_SENT)


def allowed_next(status: LeadStatus) -> list[LeadStatus]:
    """The statuses a lead may move to from ``status``, in pipeline order."""
    if status in FINAL_STATUSES:
        return []
    return [_NEXT[status], LeadStatus.LOST]


@dataclass(frozen=True)
class NewLead:
    """What registering a lead takes: the one place its fields are listed."""

    name: str
    company: str = ""
    email: str = ""
    phone: str = ""
    source: str = ""
    notes: str = ""
    website: str = ""


class Lead(BatonAggregate):
    """A prospective client, from first contact to conversion or loss."""

    TOPIC = "baton.lead.Lead"
    # Version 2 added ``website``. Version 3 keeps only the count of notes: no
    # rule reads their text, and carrying it made snapshots of busy leads heavy.
    # Version 4 added ``client_id``, the client a converted lead became.
    # Version 5 added the owner, the follow-up date and the status a lost lead was lost from.
    # Snapshots taken before any of these changes load through the upcasters.
    class_version = 5

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        state["website"] = ""

    @staticmethod
    def upcast_v2_v3(state: dict[str, Any]) -> None:
        state["notes_count"] = len(state.pop("notes", None) or [])

    @staticmethod
    def upcast_v3_v4(state: dict[str, Any]) -> None:
        state["client_id"] = ""

    @staticmethod
    def upcast_v4_v5(state: dict[str, Any]) -> None:
        state.update(owner_id="", follow_up_on="", lost_from="")

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
        """The lead moved forward in the pipeline (``reason``: why, if the person said)."""

        TOPIC = "baton.lead.StatusChanged"
        # Version 2 keeps the reason given with the change.
        class_version = 2
        from_status: str
        to_status: str
        reason: str

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["reason"] = ""

        def apply(self, aggregate: Lead) -> None:
            aggregate.status = LeadStatus(self.to_status)

    class MarkedLost(Event):
        """The lead was lost, with the reason why."""

        TOPIC = "baton.lead.MarkedLost"
        from_status: str
        reason: str

        def apply(self, aggregate: Lead) -> None:
            aggregate.lost_from = aggregate.status.value
            aggregate.status = LeadStatus.LOST
            aggregate.lost_reason = self.reason

    class Edited(Event):
        """Someone corrected the lead: each changed field with its value ``before`` and ``after``.

        Fields: name, company, email, phone, source, website, owner_id (the staff user who owns the
        lead, empty for none) and follow_up_on (an ISO date, empty for none).
        """

        TOPIC = "baton.lead.Edited"
        before: dict[str, str]
        after: dict[str, str]

        def apply(self, aggregate: Lead) -> None:
            for field, value in self.after.items():
                setattr(aggregate, field, value)

    class Reopened(Event):
        """An admin reopened a lost lead, with the reason why; it returns to the status it was lost from."""

        TOPIC = "baton.lead.Reopened"
        to_status: str
        reason: str

        def apply(self, aggregate: Lead) -> None:
            aggregate.status = LeadStatus(self.to_status)
            aggregate.lost_reason = ""

    class NoteAdded(Event):
        """Someone wrote a note on the lead."""

        TOPIC = "baton.lead.NoteAdded"
        text: str

        def apply(self, aggregate: Lead) -> None:
            aggregate.notes_count += 1

    class ConvertedToClient(Event):
        """The lead became a client: ``client_id`` names the client record made from it."""

        TOPIC = "baton.lead.ConvertedToClient"
        from_status: str
        client_id: str

        def apply(self, aggregate: Lead) -> None:
            aggregate.status = LeadStatus.CONVERTED
            aggregate.client_id = self.client_id

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
        self.client_id = ""
        self.owner_id = ""
        self.follow_up_on = ""
        self.lost_from = ""

    @classmethod
    def register(cls, ctx: CommandContext, lead_id: UUID, lead: NewLead) -> Lead:
        """Register a new lead in status ``new``."""
        if not lead.name.strip():
            raise InvalidInput("A lead needs a name.")
        fields = {name: str(value).strip() for name, value in asdict(lead).items()}
        fields.update(phone=check_phone(lead.phone), website=check_website(lead.website))
        registered: Lead = cls._start(cls.Registered, ctx, lead_id, **fields)
        return registered

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
            self._record(
                self.StatusChanged, ctx, from_status=self.status.value, to_status=to.value, reason=reason.strip()
            )

    def edit(self, ctx: CommandContext, changes: LeadChanges) -> None:
        """Correct the lead's details, owner or follow-up date; only values that differ are recorded."""
        after = {k: v for k, v in check_changes(changes).items() if getattr(self, k) != v}
        if after:
            before = {k: str(getattr(self, k)) for k in EDITABLE if k in after}
            self._record(self.Edited, ctx, before=before, after=after)

    def reopen(self, ctx: CommandContext, reason: str) -> None:
        """Reopen a lost lead (an admin's decision, with a reason): back to the status it was lost from."""
        if ctx.actor.role != "admin":
            raise NotPermitted("Only an admin may reopen a lost lead.")
        if self.status is not LeadStatus.LOST:
            raise InvalidTransition(f"Only a lost lead can be reopened; this lead is '{self.status}'.")
        if not reason.strip():
            raise InvalidInput("Reopening a lost lead needs a reason.")
        back_to = self.lost_from or LeadStatus.NEW.value
        self._record(self.Reopened, ctx, to_status=back_to, reason=reason.strip())

    def add_note(self, ctx: CommandContext, text: str) -> None:
        """Add a note; allowed in every status, final ones included."""
        if not text.strip():
            raise InvalidInput("A note cannot be empty.")
        self._record(self.NoteAdded, ctx, text=text.strip())

    def convert_to_client(self, ctx: CommandContext, client_id: UUID) -> None:
        """Mark the lead converted into the client ``client_id`` (saved together with that client)."""
        if self.status not in CONVERTIBLE_STATUSES:
            allowed = " or ".join(f"'{s}'" for s in CONVERTIBLE_STATUSES)
            msg = f"A lead can be converted into a client only when it is {allowed}; this lead is '{self.status}'."
            raise InvalidTransition(msg)
        self._record(self.ConvertedToClient, ctx, from_status=str(self.status), client_id=str(client_id))
