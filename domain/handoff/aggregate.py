"""The Handoff aggregate: one per project, from the client's first training to full support.

Every command takes the project (loaded by the command group) to learn who
runs it: admins and the project's manager move the stages and fill in the
data (the support lead too, once named); any staff member ticks what they did.
The support contract and the final invoice are read from billing's records by
the command group and passed in; the evidence of other records is the
``evidence`` fold, computed by the caller.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from domain.aggregate import BatonAggregate
from domain.billing.contract import Contract
from domain.billing.invoice import Invoice
from domain.billing.statuses import ContractStatus, InvoiceStatus
from domain.context import CommandContext
from domain.delivery.access import is_admin, is_user, require
from domain.errors import InvalidInput, RuleViolation
from domain.handoff import calls
from domain.handoff import events as e
from domain.handoff.after_care import AfterHandoff
from domain.handoff.checklist import SPEC, Item
from domain.handoff.checklist_ticks import ChecklistTicks
from domain.handoff.closing import checklist_rows, open_items
from domain.handoff.data import BLANK, DataChanges, HandoffData, recorded_changes
from domain.handoff.errors import ChecklistOpen, HandoffIncomplete
from domain.handoff.evidence import Evidence
from domain.handoff.requirements import missing_for
from domain.handoff.stage import Stage, check_move
from domain.projects.aggregate import Project
from domain.projects.status import ProjectStatus

_SENT = frozenset({InvoiceStatus.SENT, InvoiceStatus.PARTIALLY_PAID, InvoiceStatus.OVERDUE, InvoiceStatus.PAID})
_STAGE_EVENTS = {Stage.CLIENT_TRAINED: e.ClientTrained, Stage.LAUNCHED: e.Launched}


class Handoff(ChecklistTicks, AfterHandoff, BatonAggregate):
    """A project's handoff from its project manager to the support team."""

    TOPIC = "baton.handoff.Handoff"

    Event = e.HandoffEvent
    Started = e.Started
    Created = e.Started
    DataChanged = e.DataChanged
    ContractAttached = e.ContractAttached
    FinalInvoiceNamed = e.FinalInvoiceNamed
    ClientTrained = e.ClientTrained
    Launched = e.Launched
    HandedOff = e.HandedOff
    Cancelled = e.Cancelled
    ItemTicked = e.ItemTicked
    ItemUnticked = e.ItemUnticked
    WindowClosed = e.WindowClosed
    MonthlyCallsPlanned = e.MonthlyCallsPlanned
    CallReminderRecorded = e.CallReminderRecorded
    CallReported = e.CallReported

    def __init__(self, project_id: str, client_id: str, manager_id: str) -> None:
        self.project_id, self.client_id, self.manager_id = project_id, client_id, manager_id
        # Plain values only: snapshots store JSON.
        self._stage = Stage.NOT_STARTED.value
        self.stages: dict[str, dict[str, str]] = {}  # stage -> when and by whom
        self.data: dict[str, Any] = dict(BLANK)
        self.contract: dict[str, Any] = {}
        self.final_invoice_id = ""
        self.ticks: dict[str, dict[str, str]] = {}
        self.window_closes_at: datetime | None = None
        self.window_closed = False
        self.monthly_calls: dict[str, Any] = {}
        self.call_reminders: dict[str, str] = {}
        self.call_reports: list[str] = []

    @property
    def stage(self) -> Stage:
        return Stage(self._stage)

    @property
    def details(self) -> HandoffData:
        return HandoffData.of(self.data)

    def _reach(self, stage: Stage, at: datetime, by: str) -> None:
        self._stage = stage.value
        self.stages[stage.value] = {"at": at.isoformat(), "by": by}

    # -- who may act ------------------------------------------------------------

    def _require_runner(self, ctx: CommandContext, project: Project, doing: str) -> None:
        project.require_manager(ctx, doing)

    def _require_editor(self, ctx: CommandContext, project: Project) -> None:
        lead = self.details.support_lead_id
        require(
            project.can_manage(ctx) or is_user(ctx.actor, lead),
            "Only an admin, the project's manager or the support lead may change the handoff's data.",
        )

    def _require_live(self, doing: str) -> None:
        if self.stage is Stage.CANCELLED:
            raise RuleViolation(f"The handoff was cancelled: it is kept for the record and you can no longer {doing}.")

    # -- commands ---------------------------------------------------------------

    @classmethod
    def start(cls, ctx: CommandContext, handoff_id: UUID, project: Project) -> Handoff:
        """Start the handoff of ``project`` (admins and the project's manager; not for a cancelled project)."""
        project.require_manager(ctx, "start the project's handoff")
        if project.status == ProjectStatus.CANCELLED.value:
            raise RuleViolation("The project was cancelled: there is nothing to hand to support.")
        started: Handoff = cls._start(
            cls.Started, ctx, handoff_id,
            project_id=str(project.id), client_id=project.client_id, manager_id=project.manager_id,
        )  # fmt: skip
        return started

    def change_data(self, ctx: CommandContext, project: Project, changes: DataChanges) -> bool:
        """Fill in or change the handoff's data; False when nothing changed."""
        self._require_editor(ctx, project)
        self._require_live("change its data")
        recorded = recorded_changes(changes, self.data)
        if recorded:
            self._record(self.DataChanged, ctx, changes=recorded)
        return bool(recorded)

    def attach_contract(self, ctx: CommandContext, project: Project, contract: Contract) -> None:
        """Attach the client's support contract from billing, with its terms as they are now."""
        self._require_runner(ctx, project, "attach the support contract")
        self._require_live("attach a contract")
        if contract.client_id != self.client_id:
            raise InvalidInput("The support contract must be the project's client's.")
        if contract.status is ContractStatus.WITHDRAWN:
            raise RuleViolation("That contract was withdrawn: attach the one the client has or will accept.")
        self._record(
            self.ContractAttached, ctx, contract_id=str(contract.id), contract_type=contract.contract_type,
            start=contract.start.isoformat(), period_months=contract.period_months,
            support_hours_per_month=str(contract.support_hours_per_month),
            special_agreements=contract.special_agreements, accepted=contract.status is ContractStatus.ACCEPTED,
        )  # fmt: skip

    def name_final_invoice(self, ctx: CommandContext, project: Project, invoice: Invoice) -> None:
        """Name the invoice that closes the project (it may still be a draft)."""
        self._require_runner(ctx, project, "name the final invoice")
        self._require_live("name the final invoice")
        if invoice.client_id != self.client_id:
            raise InvalidInput("The final invoice must be addressed to the project's client.")
        if invoice.status in (InvoiceStatus.DISCARDED, InvoiceStatus.VOID):
            raise RuleViolation(f"That invoice is {invoice.status}: name the one the client will pay.")
        sent = invoice.status in _SENT
        self._record(self.FinalInvoiceNamed, ctx, invoice_id=str(invoice.id), number=invoice.number, sent=sent)

    def advance(self, ctx: CommandContext, project: Project, to: Stage) -> None:
        """Mark the client trained, or the site launched, once the data that stage needs is in."""
        self._require_runner(ctx, project, "move the handoff on")
        if to not in _STAGE_EVENTS:
            raise InvalidInput("Use this for 'client_trained' and 'launched'; handing off has its own command.")
        check_move(self.stage, to)
        self._require_data(to)
        launched_on = self.details.launch_date
        if to is Stage.LAUNCHED and launched_on is not None and launched_on > ctx.now.astimezone(UTC).date():
            raise InvalidInput(f"The launch date {launched_on} is still to come: mark the launch once it happened.")
        self._record(_STAGE_EVENTS[to], ctx, **self._as_then(project))

    def hand_off(self, ctx: CommandContext, project: Project, evidence: Evidence, override_reason: str = "") -> None:
        """Hand the client to support; refused while required items are open unless an admin overrides."""
        self._require_runner(ctx, project, "hand the project to support")
        check_move(self.stage, Stage.HANDED_OFF)
        self._require_data(Stage.HANDED_OFF)
        if evidence.project_id != self.project_id:
            raise InvalidInput("The evidence given is another project's.")
        still_open = open_items(self.ticks, evidence)
        reason = override_reason.strip()
        if still_open and not reason:
            raise ChecklistOpen([SPEC[Item(i)].label for i in still_open])
        if reason:
            require(is_admin(ctx.actor), "Only an admin may hand off with checklist items open.")
        self._record(
            self.HandedOff, ctx, **self._as_then(project), checklist=checklist_rows(self.ticks, evidence),
            override_reason=reason, overridden=still_open if reason else [],
            window_closes_at=calls.window_closes_at(ctx.now),
        )  # fmt: skip

    def cancel(self, ctx: CommandContext, project: Project, reason: str) -> None:
        """Call the handoff off, saying why."""
        self._require_runner(ctx, project, "cancel the handoff")
        check_move(self.stage, Stage.CANCELLED)
        if not reason.strip():
            raise InvalidInput("Cancelling a handoff needs a reason.")
        self._record(self.Cancelled, ctx, from_stage=self.stage.value, reason=reason.strip())

    def _require_data(self, stage: Stage) -> None:
        missing = missing_for(stage, self.details, self.contract)
        if missing:
            raise HandoffIncomplete(stage.value, missing)

    def _as_then(self, project: Project) -> dict[str, Any]:
        return {"manager_id": project.manager_id, "data": dict(self.data), "contract": dict(self.contract)}


__all__ = ["Handoff"]
