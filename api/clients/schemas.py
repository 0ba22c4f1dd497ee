"""Request and response bodies for clients, their contacts and converting a lead."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

from email_validator import EmailNotValidError, validate_email
from pydantic import AfterValidator, BaseModel, Field, WithJsonSchema

from api.schemas import CommandOut, StrictInput
from projections.delivery.client_queries import Onboarding

Name = Annotated[str, Field(min_length=1, max_length=200)]
Short = Annotated[str, Field(max_length=200)]
Phone = Annotated[str, Field(max_length=50)]
Address = Annotated[str, Field(max_length=1_000)]


def _email_or_blank(value: str) -> str:
    # The syntax only, as for every email Baton takes (api.schemas.Email); blank means none.
    if not value.strip():
        return ""
    try:
        return validate_email(value, check_deliverability=False, test_environment=True).normalized
    except EmailNotValidError as exc:
        raise ValueError(f"is not a valid email address: {exc}") from None


EmailOrBlank = Annotated[
    str,
    AfterValidator(_email_or_blank),
    WithJsonSchema({"anyOf": [{"type": "string", "format": "email", "maxLength": 254}, {"const": ""}]}),
]


class ClientCreate(StrictInput):
    """A client made directly (not from a lead)."""

    company_name: Name
    account_manager_id: UUID = Field(description="The admin or employee who keeps the account")
    address: Address = ""
    billing_email: EmailOrBlank = ""


class LeadConversion(StrictInput):
    """Turn a qualified lead into a client: blank company name and billing email are taken from the lead."""

    account_manager_id: UUID = Field(description="The admin or employee who keeps the account")
    company_name: Short = ""
    address: Address = ""
    billing_email: EmailOrBlank = ""
    lead_as_contact: bool = Field(default=True, description="Make the lead's person the client's primary contact")


class ClientUpdate(StrictInput):
    """Change company name, address or billing email; fields left out stay as they are."""

    company_name: Name | None = None
    address: Address | None = None
    billing_email: EmailOrBlank | None = None


class AccountManagerChange(StrictInput):
    manager_id: UUID


class ContactCreate(StrictInput):
    """A person at the client; the first contact, or one added with `primary`, becomes the primary contact."""

    name: Name
    email: EmailOrBlank = ""
    phone: Phone = ""
    job_title: Short = ""
    primary: bool = False


class ContactUpdate(StrictInput):
    """Change a contact; fields left out stay as they are."""

    name: Name | None = None
    email: EmailOrBlank | None = None
    phone: Phone | None = None
    job_title: Short | None = None


class ClientContactOut(BaseModel):
    id: str
    name: str
    email: str
    phone: str
    job_title: str
    user_id: str = Field(description="The client user this contact was invited as; empty if not invited")
    primary: bool


class ClientOut(BaseModel):
    """A client as the directory shows it."""

    id: UUID
    company_name: str
    address: str
    billing_email: str
    account_manager_id: str
    lead_id: str = Field(description="The lead this client was converted from; empty if made directly")
    primary_contact_id: str
    contacts: list[ClientContactOut]
    contacts_count: int
    created_at: datetime
    updated_at: datetime
    created_by: str
    version: int
    position: int


class OnboardingTickOut(BaseModel):
    """When a step was done, by whom, and the event that proves it."""

    at: datetime
    actor_id: str
    actor_role: str
    topic: str
    record_id: str


class OnboardingStepOut(BaseModel):
    step: str
    done: OnboardingTickOut | None = Field(description="null while the step is open")


class ClientProjectOut(BaseModel):
    id: UUID
    name: str
    status: str


class ClientDetailOut(ClientOut):
    """A client with its onboarding checklist (Workflow 4) and the projects you may see."""

    onboarding: list[OnboardingStepOut]
    projects: list[ClientProjectOut]


class ClientAtVersionOut(BaseModel):
    """A client rebuilt from its history as it stood at one version."""

    id: UUID
    version: int
    as_of: datetime
    company_name: str
    address: str
    billing_email: str
    account_manager_id: str
    lead_id: str
    primary_contact_id: str
    contacts: list[ClientContactOut]


class ClientPageOut(BaseModel):
    """One page of clients, the cursor to the next, and how many are onboarding or onboarded."""

    items: list[ClientOut]
    next_cursor: str | None
    counts: dict[Onboarding, int]


class ContactCommandOut(CommandOut):
    """The client's new version, and the contact's id."""

    contact_id: UUID


class InvitationCommandOut(CommandOut):
    """The client's new version, and the id of the client user invited."""

    user_id: UUID
