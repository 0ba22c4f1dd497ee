"""The handoff board: every handoff's stage and data, its project's evidence, and who has the client's tickets."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from domain.billing.contract import Contract
from domain.billing.invoice import Invoice
from domain.handoff import events as h
from domain.handoff.aggregate import Handoff
from domain.handoff.evidence import ProjectEvidence
from domain.handoff.stage import Stage
from domain.projects.aggregate import Project
from domain.projects.deployment import Deployment
from domain.projects.document import Document
from domain.projects.status import ProjectStatus
from domain.tasks.aggregate import Task
from domain.tickets.ownership import TicketOwnership
from projections.engine import Fold, Projection, Row, handles
from projections.handoff.tables import HANDOFFS, LINKS, PROJECTS, TICKET_SIDES, TICKETS


@dataclass(frozen=True)
class _AtPosition:
    """A row change keyed by the log position, for rows that other records' events change."""

    originator_id: UUID
    originator_version: int
    timestamp: datetime


def _at(fold: Fold, row_id: UUID | str, event: Any) -> _AtPosition:
    return _AtPosition(UUID(str(row_id)), fold.position, event.timestamp)


def _evidence_of(stored: str) -> ProjectEvidence:
    return ProjectEvidence.of(json.loads(stored))


def _evidence_json(evidence: ProjectEvidence) -> str:
    return json.dumps(evidence.as_record())


class HandoffBoard(Projection):
    """Handoffs with their data and checklist, each project's evidence, and the routed tickets."""

    name = "handoff_board"
    version = 1
    tables = (HANDOFFS, PROJECTS, LINKS, TICKETS, TICKET_SIDES)

    # -- the handoff itself ------------------------------------------------------

    @handles(Handoff.Started)
    def started(self, fold: Fold, e: h.Started) -> None:
        fold.insert(
            HANDOFFS, e, project_id=e.project_id, client_id=e.client_id, stage=Stage.NOT_STARTED.value,
            data=json.dumps({}), created_at=e.timestamp,
        )  # fmt: skip

    @handles(Handoff.DataChanged)
    def data_changed(self, fold: Fold, e: h.DataChanged) -> None:
        if (row := fold.update(HANDOFFS, e)) is not None:
            row["data"] = json.dumps({**json.loads(row["data"]), **e.changes})

    @handles(Handoff.ClientTrained, Handoff.Launched, Handoff.HandedOff, Handoff.Cancelled)
    def stage_reached(self, fold: Fold, e: Any) -> None:
        if (row := fold.update(HANDOFFS, e)) is None:
            return
        stage = Stage.CANCELLED if isinstance(e, h.Cancelled) else e.stage
        row["stage"] = stage.value
        row["stages"] = json.dumps(
            {**json.loads(row["stages"]), stage.value: {"at": e.timestamp.isoformat(), "by": e.actor_id}}
        )
        if isinstance(e, h.HandedOff):
            row.update(window_closes_at=e.window_closes_at, override_reason=e.override_reason)

    @handles(Handoff.ItemTicked, Handoff.ItemUnticked)
    def ticked(self, fold: Fold, e: Any) -> None:
        if (row := fold.update(HANDOFFS, e)) is None:
            return
        ticks = json.loads(row["ticks"])
        if isinstance(e, h.ItemTicked):
            ticks[e.item] = {"by": e.actor_id, "role": e.actor_role, "at": e.timestamp.isoformat(), "note": e.note}
        else:
            ticks.pop(e.item, None)
        row["ticks"] = json.dumps(ticks)

    @handles(Handoff.WindowClosed)
    def window_closed(self, fold: Fold, e: h.WindowClosed) -> None:
        if (row := fold.update(HANDOFFS, e)) is not None:
            row["window_closed"] = True

    @handles(Handoff.MonthlyCallsPlanned, Handoff.CallReminderRecorded, Handoff.CallReported)
    def calls(self, fold: Fold, e: Any) -> None:
        if (row := fold.update(HANDOFFS, e)) is None:
            return
        calls = json.loads(row["monthly_calls"])
        if isinstance(e, h.MonthlyCallsPlanned):
            calls.update(first_call=e.first_call, reminder_days=e.reminder_days)
        elif isinstance(e, h.CallReported):
            calls.setdefault("reports", []).append({"call_on": e.call_on, "topic": e.topic, "summary": e.summary})
        row["monthly_calls"] = json.dumps(calls)

    @handles(Handoff.ContractAttached)
    def contract_attached(self, fold: Fold, e: h.ContractAttached) -> None:
        if (row := fold.update(HANDOFFS, e)) is not None:
            terms = {k: getattr(e, k) for k in ("contract_id", "contract_type", "start", "period_months")}
            extra = {"support_hours_per_month": e.support_hours_per_month, "special_agreements": e.special_agreements}
            row["contract"] = json.dumps({**terms, **extra})
        self._link(fold, e.contract_id, e)
        self._prove(fold, self._project_of(fold, e), e)

    @handles(Handoff.FinalInvoiceNamed)
    def invoice_named(self, fold: Fold, e: h.FinalInvoiceNamed) -> None:
        if (row := fold.update(HANDOFFS, e)) is not None:
            row["final_invoice_id"] = e.invoice_id
        self._link(fold, e.invoice_id, e)
        self._prove(fold, self._project_of(fold, e), e)

    # -- the project and the records that prove checklist items ------------------

    @handles(Project.Created)
    def project_created(self, fold: Fold, e: Project.Created) -> None:
        fresh = ProjectEvidence(str(e.originator_id)).as_record()
        fold.insert(
            PROJECTS, _at(fold, e.originator_id, e), name=e.name, client_id=e.client_id, manager_id=e.manager_id,
            status=ProjectStatus.PLANNING.value, evidence=json.dumps(fresh),
        )  # fmt: skip

    @handles(Project.DetailsChanged, Project.ManagerChanged, Project.StatusChanged)
    def project_changed(self, fold: Fold, e: Any) -> None:
        row = self._prove(fold, str(e.originator_id), e)
        if row is None:
            return
        if isinstance(e, Project.DetailsChanged) and "name" in e.changes:
            row["name"] = e.changes["name"]
        elif isinstance(e, Project.ManagerChanged):
            row["manager_id"] = e.to_manager_id
        elif isinstance(e, Project.StatusChanged):
            row["status"] = e.to_status

    @handles(Task.Created, Document.DocumentUploaded)
    def proving_record_created(self, fold: Fold, e: Any) -> None:
        self._link(fold, str(e.originator_id), e, e.project_id)
        self._prove(fold, e.project_id, e)

    @handles(Deployment.DeploymentRecorded)
    def deployed(self, fold: Fold, e: Deployment.DeploymentRecorded) -> None:
        self._prove(fold, e.project_id, e)

    @handles(
        Task.StatusChanged, Task.Deleted, Document.DocumentVisibilityChanged, Document.DocumentDeleted,
        Invoice.Sent, Invoice.Voided, Contract.Accepted,
    )  # fmt: skip
    def proving_record_changed(self, fold: Fold, e: Any) -> None:
        link = fold.row(LINKS, e.originator_id)
        for project_id in json.loads(link["projects"]) if link is not None else []:
            self._prove(fold, project_id, e)

    def _project_of(self, fold: Fold, e: h.HandoffEvent) -> str:
        row = fold.row(HANDOFFS, e.originator_id)
        return str(row["project_id"]) if row is not None else ""

    def _link(self, fold: Fold, record_id: str, e: Any, project_id: str = "") -> None:
        project = project_id or self._project_of(fold, e)
        if not project:
            return
        at = _at(fold, record_id, e)
        row = fold.row(LINKS, at.originator_id)
        if row is None:
            fold.insert(LINKS, at, projects=json.dumps([project]))
        elif project not in (projects := json.loads(row["projects"])) and (row := fold.update(LINKS, at)) is not None:
            row["projects"] = json.dumps([*projects, project])

    def _prove(self, fold: Fold, project_id: str, e: Any) -> Row | None:
        if not project_id:
            return None
        row = fold.update(PROJECTS, _at(fold, project_id, e))
        if row is not None:
            fold.decoded(PROJECTS, row, "evidence", _evidence_of, _evidence_json).apply(e)
        return row

    # -- tickets -----------------------------------------------------------------

    @handles(TicketOwnership.Tracked)
    def ticket_tracked(self, fold: Fold, e: TicketOwnership.Tracked) -> None:
        fold.insert(
            TICKETS, e, ticket_id=e.ticket_id, client_id=e.client_id, project_id=e.project_id, split_from=e.split_from
        )

    @handles(
        TicketOwnership.Routed, TicketOwnership.HandedAcross, TicketOwnership.Claimed, TicketOwnership.Released,
        TicketOwnership.PartSplitOff,
    )  # fmt: skip
    def ticket_owned(self, fold: Fold, e: Any) -> None:
        if (row := fold.update(TICKETS, e)) is None:
            return
        if isinstance(e, TicketOwnership.Routed):
            row.update(side=e.side, topic=e.topic, change_order=e.change_order)
        elif isinstance(e, TicketOwnership.HandedAcross):
            row.update(side=e.to_side, owner_id="", owner_name="", claimed_at=None)
        elif isinstance(e, TicketOwnership.Claimed):
            row.update(side=e.side, owner_id=e.owner_id, owner_name=e.owner_name, claimed_at=e.timestamp)
        elif isinstance(e, TicketOwnership.Released):
            row.update(owner_id="", owner_name="", claimed_at=None)
        else:
            row["parts"] = json.dumps([*json.loads(row["parts"]), e.ticket_id])
