"""Request and response bodies for contracts."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated
from uuid import UUID

from pydantic import BaseModel, Field

from api.billing.money import DecimalText, Hours
from api.projects.values import IsoDate
from api.schemas import NOT_BLANK, StrictInput
from domain.billing.contract import MAX_PERIOD_MONTHS
from domain.billing.statuses import ContractStatus, ContractType


class ContractCreate(StrictInput):
    """The contract an approved proposal yields, offered to its client."""

    proposal_id: UUID
    contract_type: ContractType
    start: IsoDate
    period_months: Annotated[int, Field(ge=1, le=MAX_PERIOD_MONTHS)] | None = Field(
        default=None, description="How long it runs; none: open-ended"
    )
    support_hours_per_month: Hours = Field(
        default=Decimal(0), description="Included support hours per month (maintenance_and_support only), e.g. '10.5'"
    )
    special_agreements: Annotated[str, Field(max_length=10_000)] = ""
    client_id: Annotated[str, Field(min_length=1, max_length=100, pattern=NOT_BLANK)] | None = Field(
        default=None, description="For a lead's proposal: the client the lead became"
    )


class ContractOut(BaseModel):
    """A contract's terms, and who accepted it, when and from which address."""

    id: UUID
    proposal_id: str
    client_id: str
    contract_type: ContractType
    start: date
    period_months: int | None
    ends_on: date | None = Field(description="The first day no longer covered (none: open-ended)")
    support_hours_per_month: DecimalText
    special_agreements: str
    status: ContractStatus
    accepted_by: str
    accepted_at: datetime | None
    accepted_from: str
    withdrawn_reason: str
    offered_at: datetime
    updated_at: datetime
    version: int
    position: int


class ContractAtVersionOut(BaseModel):
    """A contract rebuilt from its history as it stood at one version."""

    id: UUID
    version: int
    as_of: datetime
    proposal_id: str
    client_id: str
    contract_type: ContractType
    start: date
    period_months: int | None
    support_hours_per_month: DecimalText
    special_agreements: str
    status: ContractStatus
    accepted_by: str
    accepted_at: datetime | None
    accepted_from: str


class ContractPageOut(BaseModel):
    items: list[ContractOut]
    next_cursor: str | None
    counts: dict[str, int]


class ActiveContractOut(BaseModel):
    """The accepted contract covering a day, if any: what the monthly client report reads its plan hours from."""

    client_id: str
    on: date
    contract: ContractOut | None
