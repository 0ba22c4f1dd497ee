"""Request and response bodies of the handoff."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal
from uuid import UUID

from pydantic import BaseModel, Field

from api.projects.values import IsoDate
from api.schemas import NOT_BLANK, Email, Phone, StrictInput
from domain.handoff import Host, Section, SupportPlan

Line = Annotated[str, Field(max_length=500)]
Name = Annotated[str, Field(min_length=1, max_length=200)]
Reason = Annotated[str, Field(min_length=1, max_length=2_000, pattern=NOT_BLANK)]
Url = Annotated[str, Field(max_length=2_000, description='An http(s) address; "" blanks it')]


class PersonIn(StrictInput):
    """A contact at the client."""

    name: Name
    email: Email
    phone: Phone = ""


class OutstandingIn(StrictInput):
    """Work the project manager keeps after launch; tickets naming a keyword go to them."""

    text: Annotated[str, Field(min_length=1, max_length=500)]
    keywords: list[Annotated[str, Field(min_length=1, max_length=60)]] = Field(default_factory=list, max_length=10)


class HandoffStart(StrictInput):
    """Start the handoff of a project (admins and its manager)."""

    project_id: UUID


class HandoffDataUpdate(StrictInput):
    """Fill in or change the handoff's data: fields left out stay; null (or "" / []) blanks a field.

    Never put credentials here: only where they are kept (`credentials_location`). Text
    that looks like a password, key or token is refused.
    """

    region: Line | None = None
    dev_site_path: Line | None = None
    dev_url: Url | None = None
    live_url: Url | None = None
    target_launch_date: IsoDate | None = None
    launch_date: IsoDate | None = None
    hosted_by: Host | None = None
    managed_hosting: bool | None = None
    technical_contacts: list[PersonIn] | None = Field(default=None, max_length=20)
    authorised_contacts: list[PersonIn] | None = Field(
        default=None, max_length=20, description="Only they may open support tickets for the client after handoff"
    )
    pm_outstanding: list[OutstandingIn] | None = Field(default=None, max_length=20)
    documentation: dict[Section, Annotated[str, Field(max_length=20_000)]] | None = None
    credentials_location: Line | None = None
    support_lead_id: UUID | None = None
    support_plan: SupportPlan | None = None


class ContractAttach(StrictInput):
    """The client's support contract (billing's record)."""

    contract_id: UUID


class InvoiceName(StrictInput):
    """The invoice that closes the project (billing's record)."""

    invoice_id: UUID


class StageChange(StrictInput):
    """Move the handoff on; `handed_off` with open checklist items needs an admin's `override_reason`."""

    stage: Literal["client_trained", "launched", "handed_off"]
    override_reason: Annotated[str, Field(max_length=2_000)] = ""


class CancelIn(StrictInput):
    reason: Reason


class TickIn(StrictInput):
    note: Annotated[str, Field(max_length=2_000)] = ""


class UntickIn(StrictInput):
    reason: Reason


class CallsPlan(StrictInput):
    """An enterprise client's monthly call: the first date, then the same day each month."""

    first_call: IsoDate
    reminder_days: Annotated[
        int, Field(ge=1, le=20, description="Days before each call the client is asked for a topic")
    ] = 5


class CallReportIn(StrictInput):
    call_on: IsoDate
    topic: Annotated[str, Field(min_length=1, max_length=300)]
    summary: Annotated[str, Field(min_length=1, max_length=2_000)]


class MissingOut(BaseModel):
    field: str
    label: str


class TicketSidesOut(BaseModel):
    project_manager: int
    support: int


class HandoffItemOut(BaseModel):
    """A handoff on the board."""

    project_id: str
    project_name: str
    client_id: str
    manager_id: str
    stage: str
    next_stage: str | None
    stages: dict[str, dict[str, str]] = Field(description="Each stage reached: when (`at`) and by whom (`by`)")
    target_launch_date: date | None
    days_to_launch: int | None = Field(description="Before launch: days until the target launch date")
    missing: list[MissingOut] = Field(description="What the next stage still needs")
    open_items: list[str] = Field(description="Checklist items still open")
    tickets: TicketSidesOut = Field(description="The client's tickets routed to each side")
    window_closes_at: datetime | None
    window_closed: bool
    version: int
    updated_at: datetime


class HandoffDetailOut(HandoffItemOut):
    """A handoff with its data, contract and checklist."""

    data: dict[str, Any]
    contract: dict[str, Any]
    final_invoice_id: str
    checklist: list[dict[str, Any]] = Field(description="Every item: ticked or not, by whom or which record, when")
    override_reason: str
    monthly_calls: dict[str, Any]


class HandoffPageOut(BaseModel):
    items: list[HandoffItemOut]
    next_cursor: str | None


class HandoffAtVersionOut(BaseModel):
    """The handoff as it stood at a version, rebuilt from its events."""

    project_id: str
    version: int
    as_of: datetime
    stage: str
    stages: dict[str, dict[str, str]]
    data: dict[str, Any]
    contract: dict[str, Any]
    ticks: dict[str, dict[str, str]]


class HandoffContactOut(BaseModel):
    topic: str
    label: str
    contact: Literal["project_manager", "support"]
    name: str
    email: str


class ClientHandoffOut(BaseModel):
    """One of the client's projects, and who to contact for what."""

    project_id: str
    project_name: str
    stage: str
    contacts: list[HandoffContactOut]


class ClientHandoffsOut(BaseModel):
    items: list[ClientHandoffOut]
