"""The checklist items other records prove, folded from their events: ticked, and unticked when no longer true.

Why a fold and not ticks kept on the Handoff: the proofs are events recorded
anyway on tasks, deployments, documents, invoices, contracts and the project,
each in its own command. Keeping ticks on the handoff would make every one of
those commands load and save it too, and repeat facts the log already holds
(the same reasoning as the onboarding checklist in ``domain/delivery``).

``ProjectEvidence`` is one project's fold: feed it events in log order (others
are passed over) and read ``evidence()``. Its state is plain data
(``as_record``/``of``) so a view can keep it in a row between batches. The
invoice and the contract are the ones the handoff names; whether they were
already sent or accepted when named is on the naming event, so only later
events need folding. The ``hand_off`` command takes the resulting ``Evidence``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from datetime import datetime
from typing import Any

from domain.billing.contract import Contract
from domain.billing.invoice import Invoice
from domain.handoff import events as h
from domain.handoff.checklist import EVIDENCE_ITEMS, Item
from domain.handoff.ids import handoff_id
from domain.projects.aggregate import Project
from domain.projects.deployment import Deployment, Environment
from domain.projects.document import Document, Visibility
from domain.projects.status import ProjectStatus
from domain.tasks.aggregate import Task
from domain.tasks.workflow import TaskStatus


@dataclass(frozen=True)
class Proof:
    """An item proven: when, by whom, and the event (topic and record) that proved it."""

    item: str
    at: datetime
    actor_id: str
    actor_role: str
    topic: str
    record_id: str


def _proof(item: Item, event: Any) -> Proof:
    return Proof(
        item.value, event.timestamp, event.actor_id, event.actor_role, type(event).TOPIC, str(event.originator_id)
    )


@dataclass(frozen=True)
class Evidence:
    """One project's items proven by events, as of some point in the log."""

    project_id: str
    proofs: tuple[Proof, ...] = ()

    def proof(self, item: Item) -> Proof | None:
        return next((p for p in self.proofs if p.item == item.value), None)

    @property
    def open_items(self) -> list[Item]:
        """The items no event proves (yet, or any more), in checklist order."""
        return [item for item in EVIDENCE_ITEMS if self.proof(item) is None]


@dataclass
class ProjectEvidence:
    """The fold of one project's proving events (plain data, so a view can store it between batches)."""

    project_id: str
    tasks: dict[str, str] = field(default_factory=dict)  # task id -> status (deleted tasks dropped)
    client_documents: list[str] = field(default_factory=list)  # ids of present, client-facing documents
    documents: list[str] = field(default_factory=list)  # ids of every present document of the project
    final_invoice: str = ""
    invoice_sent: bool = False
    contract: str = ""
    contract_accepted: bool = False
    proofs: dict[str, Proof] = field(default_factory=dict)

    def apply(self, event: object) -> None:
        """Fold one event (any event: those not about this project change nothing)."""
        if not self._update(event):
            return
        for item, holds in self._conditions().items():
            if not holds:
                self.proofs.pop(item.value, None)
            elif item.value not in self.proofs:
                self.proofs[item.value] = _proof(item, event)

    def evidence(self) -> Evidence:
        """The items proven now, in checklist order."""
        return Evidence(self.project_id, tuple(self.proofs[i.value] for i in EVIDENCE_ITEMS if i.value in self.proofs))

    def _conditions(self) -> dict[Item, bool]:
        return {
            Item.ALL_TASKS_DONE: bool(self.tasks) and all(s == TaskStatus.DONE for s in self.tasks.values()),
            Item.FINAL_DOCUMENTS_UPLOADED: bool(self.client_documents),
            Item.FINAL_INVOICE_SENT: bool(self.final_invoice) and self.invoice_sent,
            Item.SIGNED_CONTRACT_ON_FILE: bool(self.contract) and self.contract_accepted,
        }

    def _once(self, item: Item, event: object) -> bool:
        """A fact that stays true once it happened (a deployment, a completed project)."""
        self.proofs.setdefault(item.value, _proof(item, event))
        return True

    def _update(self, event: object) -> bool:  # noqa: PLR0911 - one branch per kind of proof
        """Take in what ``event`` says about this project; False when it says nothing."""
        own = str(getattr(event, "originator_id", ""))
        if isinstance(event, Task.Created):
            if event.project_id != self.project_id:
                return False
            self.tasks[own] = TaskStatus.TO_DO.value
        elif isinstance(event, Task.StatusChanged | Task.Deleted):
            if own not in self.tasks:
                return False
            if isinstance(event, Task.Deleted):
                del self.tasks[own]
            else:
                self.tasks[own] = event.to_status
        elif isinstance(event, Deployment.DeploymentRecorded):
            production = event.environment == Environment.PRODUCTION.value
            return event.project_id == self.project_id and production and self._once(Item.PRODUCTION_DEPLOYMENT, event)
        elif isinstance(event, Project.StatusChanged):
            completed = event.to_status == ProjectStatus.COMPLETED.value
            return own == self.project_id and completed and self._once(Item.PROJECT_COMPLETED, event)
        elif isinstance(event, Document.Event):
            return self._document(own, event)
        else:
            return self._billing(own, event)
        return True

    def _document(self, own: str, event: Document.Event) -> bool:
        if isinstance(event, Document.DocumentUploaded):
            if event.project_id != self.project_id:
                return False
            self.documents.append(own)
            visibility = event.visibility
        elif own not in self.documents:
            return False
        elif isinstance(event, Document.DocumentDeleted):
            self.documents.remove(own)
            visibility = ""
        elif isinstance(event, Document.DocumentVisibilityChanged):
            visibility = event.visibility
        else:
            return False
        shared = visibility == Visibility.CLIENT.value
        if shared and own not in self.client_documents:
            self.client_documents.append(own)
        elif not shared and own in self.client_documents:
            self.client_documents.remove(own)
        return True

    def _billing(self, own: str, event: object) -> bool:
        if isinstance(event, h.HandoffEvent):
            if own != str(handoff_id(self.project_id)):
                return False
            if isinstance(event, h.FinalInvoiceNamed):
                self.final_invoice, self.invoice_sent = event.invoice_id, event.sent
                self.proofs.pop(Item.FINAL_INVOICE_SENT.value, None)  # a new invoice: proven afresh
            elif isinstance(event, h.ContractAttached):
                self.contract, self.contract_accepted = event.contract_id, event.accepted
                self.proofs.pop(Item.SIGNED_CONTRACT_ON_FILE.value, None)
            else:
                return False
        elif isinstance(event, Invoice.Event) and own == self.final_invoice:
            if isinstance(event, Invoice.Sent):
                self.invoice_sent = True
            elif isinstance(event, Invoice.Voided):
                self.invoice_sent = False
            else:
                return False
        elif isinstance(event, Contract.Accepted) and own == self.contract:
            self.contract_accepted = True
        else:
            return False
        return True

    def as_record(self) -> dict[str, Any]:
        """The fold's state as JSON-ready data (sharing this fold's lists and dicts: serialise it, do not keep it).

        Written out by hand: ``dataclasses.asdict`` deep-copies every task and document id, and this runs
        once per proving event in a rebuild, where it was the largest cost of all views together.
        """
        record = {name: getattr(self, name) for name in _STATE}
        record["proofs"] = {
            key: {"item": p.item, "at": p.at.isoformat(), "actor_id": p.actor_id, "actor_role": p.actor_role,
                  "topic": p.topic, "record_id": p.record_id}
            for key, p in self.proofs.items()
        }  # fmt: skip
        return record

    @classmethod
    def of(cls, record: dict[str, Any]) -> ProjectEvidence:
        """The fold's state from ``as_record``'s data."""
        proofs = {k: Proof(**{**p, "at": datetime.fromisoformat(p["at"])}) for k, p in record["proofs"].items()}
        return cls(**{**record, "proofs": proofs})


_STATE = tuple(f.name for f in fields(ProjectEvidence))


def evidence(project_id: str, events: Iterable[object]) -> Evidence:
    """Fold one project's evidence from events in log order (other records' events are passed over)."""
    fold = ProjectEvidence(str(project_id))
    for event in events:
        fold.apply(event)
    return fold.evidence()
