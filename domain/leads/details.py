"""What may be corrected on a lead, and the rules each new value must meet."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date

from domain.contact_details import check_phone, check_website
from domain.errors import InvalidInput

# Every field an edit may change, in the order they are shown.
EDITABLE = ("name", "company", "email", "phone", "source", "website", "owner_id", "follow_up_on")


@dataclass(frozen=True)
class LeadChanges:
    """The fields to change (None: leave as is). ``owner_id`` and ``follow_up_on`` are cleared with ""."""

    name: str | None = None
    company: str | None = None
    email: str | None = None
    phone: str | None = None
    source: str | None = None
    website: str | None = None
    owner_id: str | None = None
    follow_up_on: str | None = None


def check_changes(changes: LeadChanges) -> dict[str, str]:
    """The new values, trimmed and checked; InvalidInput naming the first that is wrong."""
    given = {f.name: getattr(changes, f.name) for f in fields(changes) if getattr(changes, f.name) is not None}
    checked = {name: str(value).strip() for name, value in given.items()}
    if "name" in checked and not checked["name"]:
        raise InvalidInput("A lead needs a name.")
    if "email" in checked and checked["email"] and "@" not in checked["email"]:
        raise InvalidInput(f"'{checked['email']}' is not an email address.")
    if "phone" in checked:
        checked["phone"] = check_phone(checked["phone"])
    if "website" in checked:
        checked["website"] = check_website(checked["website"])
    if checked.get("follow_up_on"):
        try:
            checked["follow_up_on"] = date.fromisoformat(checked["follow_up_on"]).isoformat()
        except ValueError:
            raise InvalidInput(f"'{checked['follow_up_on']}' is not a date (use YYYY-MM-DD).") from None
    return checked
