"""What the client commands take: each field list written once, with its checks."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from domain.delivery.values import email_or_blank, required
from domain.errors import InvalidInput

CONTACT_FIELDS = ("name", "email", "phone", "job_title")
DETAIL_FIELDS = ("company_name", "address", "billing_email")


@dataclass(frozen=True)
class NewClient:
    """What creating a client takes. Converting a lead fills a blank name and billing email from the lead."""

    company_name: str
    account_manager_id: UUID
    address: str = ""
    billing_email: str = ""


@dataclass(frozen=True)
class NewContact:
    """A person at the client the agency deals with."""

    name: str
    email: str = ""
    phone: str = ""
    job_title: str = ""


def _checked(values: dict[str, str], known: tuple[str, ...], name: str, email: str) -> dict[str, str]:
    unknown = set(values) - set(known)
    if unknown:
        raise InvalidInput(f"Unknown field(s): {', '.join(sorted(unknown))}. Known: {', '.join(known)}.")
    checked = {field: value.strip() for field, value in values.items()}
    if name in checked:
        checked[name] = required(checked[name], f"The {name.replace('_', ' ')} cannot be empty.")
    if email in checked:
        checked[email] = email_or_blank(checked[email], email.replace("_", " "))
    return checked


def contact_fields(values: dict[str, str]) -> dict[str, str]:
    """Contact fields trimmed and checked: the name may not be blank, an email must be valid."""
    return _checked(values, CONTACT_FIELDS, "name", "email")


def detail_fields(values: dict[str, str]) -> dict[str, str]:
    """Company details trimmed and checked: the company name may not be blank, the billing email valid."""
    return _checked(values, DETAIL_FIELDS, "company_name", "billing_email")
