"""Request and response bodies for tickets: opening, writing in the thread, moving, and reading.

Staff read ``TicketOut`` and every thread entry; client users read
``ClientTicketOut`` and ``ClientThreadEntryOut``, which have no field for what is
staff-only (assignee, escalation, SLA marks, notes), so nothing staff-only
can reach a client through them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic.config import JsonDict

from api.schemas import NOT_BLANK, StrictInput
from domain.tickets import Attachment, Priority, RequesterKind, TicketStatus
from domain.tickets.inputs import MAX_ATTACHMENT_BYTES, MAX_SUBJECT, MAX_TEXT

Text = Annotated[str, Field(max_length=MAX_TEXT)]
Reason = Annotated[str, Field(max_length=2_000)]
SHA256 = "^[0-9a-f]{64}$"
MEDIA_TYPE = "^[a-z]+/[a-z0-9.+-]+$"
NEEDS_TEXT_OR_FILE: JsonDict = {
    "if": {"properties": {"attachments": {"maxItems": 0}}},
    "then": {"required": ["text"], "properties": {"text": {"pattern": NOT_BLANK}}},
}


class TicketAttachmentIn(StrictInput):
    """A file uploaded with POST /ticket-files, attached by its SHA-256."""

    name: Annotated[str, Field(min_length=1, max_length=255, pattern="^[^\\x00]+$")]
    content_type: Annotated[str, Field(max_length=255, pattern=MEDIA_TYPE)]
    size: Annotated[int, Field(ge=0, le=MAX_ATTACHMENT_BYTES)]
    sha256: Annotated[str, Field(pattern=SHA256)]

    def value(self) -> Attachment:
        return Attachment(self.name, self.content_type, self.size, self.sha256)


Attachments = Annotated[list[TicketAttachmentIn], Field(max_length=20)]


class TicketRequesterIn(StrictInput):
    """The person at the client a ticket is for: a contact of the client, or one of its client users."""

    kind: RequesterKind
    id: UUID = Field(description="The contact's id (as on the client), or the client user's id")


class TicketCreate(StrictInput):
    """A new ticket. A client user opens one for their own organisation; staff name the client and requester."""

    subject: Annotated[str, Field(min_length=1, max_length=MAX_SUBJECT)]
    message: Text = ""
    client_id: UUID | None = Field(default=None, description="Staff: the client (required)")
    requester: TicketRequesterIn | None = Field(default=None, description="Staff: who asked (required)")
    project_id: UUID | None = None
    priority: Priority = Field(
        default=Priority.NORMAL, description="`urgent` is set by the urgent categories (staff may choose it)"
    )
    category: Annotated[str, Field(max_length=60, description="An urgent category's key, if one fits")] = ""
    attachments: Attachments = []


class TicketMessageCreate(StrictInput):
    """Something written in the thread: text, files, or both."""

    model_config = ConfigDict(json_schema_extra=NEEDS_TEXT_OR_FILE)

    text: Text = ""
    attachments: Attachments = []

    @model_validator(mode="after")
    def says_something(self) -> TicketMessageCreate:
        if not self.text.strip() and not self.attachments:
            raise ValueError("a message needs some text or an attachment")
        return self


class TicketStatusChange(StrictInput):
    """Move the ticket: staff to in_progress, pending_client or resolved; an admin also to closed."""

    status: TicketStatus


class TicketAssigneeChange(StrictInput):
    """Give the ticket to an active staff member."""

    assignee_id: UUID


class TicketPriorityChange(StrictInput):
    """Raise or lower the priority; lowering it needs a reason."""

    model_config = ConfigDict(json_schema_extra={"description": "Lowering the priority needs a `reason`."})

    priority: Priority
    reason: Reason = ""


class TicketEscalationCreate(StrictInput):
    """Hand the ticket to an admin: why, and what was tried (staff-only), until they acknowledge it."""

    to_admin: UUID
    reason: Annotated[str, Field(min_length=1, max_length=2_000)]
    tried: Reason = ""


class TicketRequesterOut(BaseModel):
    kind: str
    id: str


class TicketFileOut(BaseModel):
    """A file attached in the thread, and where its bytes are downloaded from."""

    name: str
    content_type: str
    size: int
    sha256: str
    download_url: str


class ClientThreadEntryOut(BaseModel):
    """A thread entry as a client user sees it (only entries visible to the client exist here)."""

    version: int
    kind: str
    author_id: str
    author_role: str
    text: str
    attachments: list[TicketFileOut]
    details: dict[str, Any]
    written_at: datetime


class ThreadEntryOut(ClientThreadEntryOut):
    """A thread entry as staff see it, with who may see it."""

    audience: Literal["client_and_staff", "staff_only"]
    message_id: str


class ClientTicketOut(BaseModel):
    """A ticket as the client's users see it."""

    id: UUID
    subject: str
    client_id: str
    project_id: str
    requester: TicketRequesterOut
    category: str
    follows_up: str
    follow_ups: list[str]
    priority: Priority
    status: TicketStatus
    opened_at: datetime
    last_activity_at: datetime
    resolved_at: datetime | None
    closed_at: datetime | None
    client_messages: int
    staff_replies: int


class TicketOut(ClientTicketOut):
    """A ticket as staff see it in the queue."""

    urgent_category: str
    channel: str
    assignee_id: str
    escalated_to: str
    escalation_acknowledged: bool
    first_response_at: datetime | None
    first_response_due: datetime | None
    resolution_due: datetime | None
    sla_state: Literal["ok", "at_risk", "breached"]
    internal_notes: int
    reopen_count: int
    version: int
    position: int


class ClientTicketDetailOut(ClientTicketOut):
    thread: list[ClientThreadEntryOut] = Field(description="The latest 100 entries, oldest first")
    thread_total: int


class TicketDetailOut(TicketOut):
    thread: list[ThreadEntryOut] = Field(description="The latest 100 entries, oldest first")
    thread_total: int


class TicketAtVersionOut(BaseModel):
    """A ticket rebuilt from its history as it stood at one version (a client sees their entries only)."""

    id: UUID
    version: int
    as_of: datetime
    subject: str
    status: TicketStatus
    priority: Priority
    thread: list[ClientThreadEntryOut | ThreadEntryOut]


class TicketPageOut(BaseModel):
    """One page of tickets, the cursor to the next, and tickets per status under the other filters."""

    items: list[TicketOut | ClientTicketOut]
    next_cursor: str | None
    counts: dict[str, int]
