"""The handoff's events, each with its explicit topic; ``Handoff`` names them as its own.

They live beside the aggregate only to keep each file short (as the invoice's
do): ``Handoff.Launched`` is this class. Bodies only assign. Each stage event
carries the data, the contract and the project manager as they were then.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from domain.aggregate import BatonAggregate
from domain.handoff.stage import Stage

if TYPE_CHECKING:
    from domain.handoff.aggregate import Handoff


class HandoffEvent(BatonAggregate.Event):
    """Base of the handoff's events."""


class Started(HandoffEvent, BatonAggregate.Created):
    """The project manager (or an admin) started the project's handoff to support."""

    TOPIC = "baton.handoff.Started"
    project_id: str
    client_id: str
    manager_id: str


class DataChanged(HandoffEvent):
    """Handoff data was filled in or changed; ``changes`` holds the new values of the fields that changed."""

    TOPIC = "baton.handoff.DataChanged"
    changes: dict[str, Any]

    def apply(self, aggregate: Handoff) -> None:
        aggregate.data = {**aggregate.data, **self.changes}


class ContractAttached(HandoffEvent):
    """The client's support contract (from billing) was attached, with its terms as they were then."""

    TOPIC = "baton.handoff.ContractAttached"
    contract_id: str
    contract_type: str
    start: str
    period_months: int | None
    support_hours_per_month: str
    special_agreements: str
    accepted: bool

    def apply(self, aggregate: Handoff) -> None:
        aggregate.contract = {
            "contract_id": self.contract_id,
            "contract_type": self.contract_type,
            "start": self.start,
            "period_months": self.period_months,
            "support_hours_per_month": self.support_hours_per_month,
            "special_agreements": self.special_agreements,
        }


class FinalInvoiceNamed(HandoffEvent):
    """The invoice that closes the project was named; ``sent`` says whether it was already sent then."""

    TOPIC = "baton.handoff.FinalInvoiceNamed"
    invoice_id: str
    number: str
    sent: bool

    def apply(self, aggregate: Handoff) -> None:
        aggregate.final_invoice_id = self.invoice_id


class StageEvent(HandoffEvent):
    """A stage reached: by whom and when (the event's own), with the data as it was then."""

    stage = Stage.NOT_STARTED
    manager_id: str
    data: dict[str, Any]
    contract: dict[str, Any]

    def apply(self, aggregate: Handoff) -> None:
        aggregate._reach(self.stage, self.timestamp, self.actor_id)


class ClientTrained(StageEvent):
    """The client had their first training: support is told, the client meets support, routing starts."""

    TOPIC = "baton.handoff.ClientTrained"
    stage = Stage.CLIENT_TRAINED


class Launched(StageEvent):
    """The site went live: support is told the launch data and what the project manager still owns."""

    TOPIC = "baton.handoff.Launched"
    stage = Stage.LAUNCHED


class HandedOff(StageEvent):
    """The client now belongs to support; the checklist as it stood, any override, and the 30-day window."""

    TOPIC = "baton.handoff.HandedOff"
    stage = Stage.HANDED_OFF
    checklist: list[dict[str, Any]]
    override_reason: str
    overridden: list[str]
    window_closes_at: datetime

    def apply(self, aggregate: Handoff) -> None:
        super().apply(aggregate)
        aggregate.window_closes_at = self.window_closes_at


class Cancelled(HandoffEvent):
    """The handoff was called off (the project stopped, or support will not take it), with the reason."""

    TOPIC = "baton.handoff.Cancelled"
    from_stage: str
    reason: str

    def apply(self, aggregate: Handoff) -> None:
        aggregate._reach(Stage.CANCELLED, self.timestamp, self.actor_id)


class ItemTicked(HandoffEvent):
    """A person ticked a checklist item, with a note (what was done, or why it does not apply)."""

    TOPIC = "baton.handoff.ItemTicked"
    item: str
    note: str

    def apply(self, aggregate: Handoff) -> None:
        aggregate.ticks[self.item] = {
            "by": self.actor_id,
            "role": self.actor_role,
            "at": self.timestamp.isoformat(),
            "note": self.note,
        }


class ItemUnticked(HandoffEvent):
    """A person took a tick back, saying why."""

    TOPIC = "baton.handoff.ItemUnticked"
    item: str
    reason: str

    def apply(self, aggregate: Handoff) -> None:
        aggregate.ticks.pop(self.item, None)


class WindowClosed(HandoffEvent):
    """The 30 days after handoff ended: from now on out-of-scope requests are change orders."""

    TOPIC = "baton.handoff.WindowClosed"
    key: str

    def apply(self, aggregate: Handoff) -> None:
        aggregate.window_closed = True


class MonthlyCallsPlanned(HandoffEvent):
    """An enterprise client's monthly call: the first date (then the same day each month) and the reminder."""

    TOPIC = "baton.handoff.MonthlyCallsPlanned"
    first_call: str
    reminder_days: int

    def apply(self, aggregate: Handoff) -> None:
        aggregate.monthly_calls = {"first_call": self.first_call, "reminder_days": self.reminder_days}


class CallReminderRecorded(HandoffEvent):
    """The client was asked for a topic ahead of the call on ``call_on`` (``email_id`` the queued email)."""

    TOPIC = "baton.handoff.CallReminderRecorded"
    call_on: str
    email_id: str

    def apply(self, aggregate: Handoff) -> None:
        aggregate.call_reminders[self.call_on] = self.email_id


class CallReported(HandoffEvent):
    """The monthly call on ``call_on`` took place: its topic and what was agreed."""

    TOPIC = "baton.handoff.CallReported"
    call_on: str
    topic: str
    summary: str

    def apply(self, aggregate: Handoff) -> None:
        aggregate.call_reports.append(self.call_on)
