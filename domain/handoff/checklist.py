"""The two checklists a handoff closes: support's handover (seed 002) and the project's closing (Workflow 5).

Each item is ticked either by a person (recorded on the Handoff with who, when
and a note) or by the events of other records that prove it (``evidence``: a
pure fold, so it is rebuilt from history and never disagrees with it). A
person cannot tick an item events prove: the proof is the point. Every item is
required for ``handed_off``; where the workflow says "if applicable", the
person ticks it with a note saying why it does not apply.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Item(StrEnum):
    """One thing to be done before a project is handed to support."""

    # Handover to support (seed 002).
    INTERNAL_HANDOVER_MEETING = "internal_handover_meeting"
    TECHNICAL_HANDOVER = "technical_handover"
    EXTERNAL_HANDOVER_MEETING = "external_handover_meeting"
    ACCEPTANCE_PROTOCOL_SIGNED = "acceptance_protocol_signed"
    ADMIN_ACCESS_GRANTED = "admin_access_granted"
    SUPPORT_TIME_TRACKING_SET_UP = "support_time_tracking_set_up"
    CLIENT_SHOWN_HOURS_REPORT = "client_shown_hours_report"
    # Closing the project (Workflow 5).
    ALL_TASKS_DONE = "all_tasks_done"
    PRODUCTION_DEPLOYMENT = "production_deployment"
    FINAL_DOCUMENTS_UPLOADED = "final_documents_uploaded"
    CLIENT_PORTAL_REVIEWED = "client_portal_reviewed"
    KNOWLEDGE_TRANSFER_DOCUMENT = "knowledge_transfer_document"
    FINAL_INVOICE_SENT = "final_invoice_sent"
    SIGNED_CONTRACT_ON_FILE = "signed_contract_on_file"
    CLIENT_SATISFACTION_CHECK = "client_satisfaction_check"
    PROJECT_COMPLETED = "project_completed"
    RETROSPECTIVE_SCHEDULED = "retrospective_scheduled"


class Checklist(StrEnum):
    """Which list an item belongs to."""

    HANDOVER = "handover"
    CLOSING = "closing"


class TickedBy(StrEnum):
    """How an item gets ticked."""

    PERSON = "person"
    EVENTS = "events"


@dataclass(frozen=True)
class ItemSpec:
    """An item: its list, how it is ticked, and what it means in a sentence."""

    item: Item
    checklist: Checklist
    ticked_by: TickedBy
    label: str


H, C, P, E = Checklist.HANDOVER, Checklist.CLOSING, TickedBy.PERSON, TickedBy.EVENTS
SPECS: tuple[ItemSpec, ...] = (
    ItemSpec(Item.INTERNAL_HANDOVER_MEETING, H, P, "internal handover meeting held, open tickets reviewed"),
    ItemSpec(Item.TECHNICAL_HANDOVER, H, P, "technical handover between the lead developer and support"),
    ItemSpec(Item.EXTERNAL_HANDOVER_MEETING, H, P, "meeting with the client, the project manager and support"),
    ItemSpec(Item.ACCEPTANCE_PROTOCOL_SIGNED, H, P, "acceptance protocol signed by the client"),
    ItemSpec(Item.ADMIN_ACCESS_GRANTED, H, P, "support has admin access to the client's systems"),
    ItemSpec(Item.SUPPORT_TIME_TRACKING_SET_UP, H, P, "support time tracking set up (period, plan hours)"),
    ItemSpec(Item.CLIENT_SHOWN_HOURS_REPORT, H, P, "client told how to see the hours used"),
    ItemSpec(Item.ALL_TASKS_DONE, C, E, "all tasks done"),
    ItemSpec(Item.PRODUCTION_DEPLOYMENT, C, E, "production deployment recorded"),
    ItemSpec(Item.FINAL_DOCUMENTS_UPLOADED, C, E, "final documents shared with the client"),
    ItemSpec(Item.CLIENT_PORTAL_REVIEWED, C, P, "client portal reviewed: the client sees what they should"),
    ItemSpec(Item.KNOWLEDGE_TRANSFER_DOCUMENT, C, P, "knowledge transfer document prepared (or not applicable)"),
    ItemSpec(Item.FINAL_INVOICE_SENT, C, E, "final invoice sent"),
    ItemSpec(Item.SIGNED_CONTRACT_ON_FILE, C, E, "signed support contract on file"),
    ItemSpec(Item.CLIENT_SATISFACTION_CHECK, C, P, "client satisfaction checked"),
    ItemSpec(Item.PROJECT_COMPLETED, C, E, "project completed"),
    ItemSpec(Item.RETROSPECTIVE_SCHEDULED, C, P, "internal retrospective scheduled"),
)
SPEC: dict[Item, ItemSpec] = {spec.item: spec for spec in SPECS}
PERSON_ITEMS = tuple(s.item for s in SPECS if s.ticked_by is P)
EVIDENCE_ITEMS = tuple(s.item for s in SPECS if s.ticked_by is E)
