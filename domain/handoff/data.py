"""The handoff's data, filled in over time: blanks allowed until the stage that needs them.

Recorded as a plain dict (JSON in events and snapshots); ``HandoffData`` reads
it. ``DataChanges`` is what a change takes: ``None`` keeps a field, ``""`` or
an empty list blanks it, and ``clear`` names dates or choices to blank.
Every text is checked for credentials (``secrets``): only where they are kept
is recorded, in ``credentials_location``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date
from enum import StrEnum
from typing import Any

from domain.contact_details import check_phone
from domain.delivery.values import email_or_blank, one_of
from domain.errors import InvalidInput
from domain.handoff.secrets import refuse_secrets
from domain.projects.deployment import checked_url

MAX_LINE, MAX_SECTION, MAX_PEOPLE, MAX_ITEMS, MAX_KEYWORDS = 300, 20_000, 20, 20, 10


class Host(StrEnum):
    """Who hosts the live site."""

    AGENCY = "agency"
    CLIENT = "client"


class SupportPlan(StrEnum):
    """The support the client has after handoff; enterprise adds a monthly call."""

    STANDARD = "standard"
    ENTERPRISE = "enterprise"


class Section(StrEnum):
    """The parts of the handover documentation support reads (seed: support onboarding)."""

    BASIC_INFO = "basic_info"
    IMPORTANT_URLS = "important_urls"
    SPECIAL_APIS = "special_apis"
    PARTICULARITIES = "particularities"
    ANYTHING_ELSE = "anything_else"


@dataclass(frozen=True)
class Person:
    """A contact at the client: a name and an email address (a phone number if given)."""

    name: str
    email: str
    phone: str = ""


@dataclass(frozen=True)
class OutstandingItem:
    """Work the project manager keeps after launch; ``keywords`` find the tickets about it."""

    text: str
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True)
class DataChanges:
    """A change to the handoff's data: ``None`` keeps a field; ``clear`` blanks dates and choices by name."""

    region: str | None = None
    dev_site_path: str | None = None
    dev_url: str | None = None
    live_url: str | None = None
    target_launch_date: date | None = None
    launch_date: date | None = None
    hosted_by: Host | None = None
    managed_hosting: bool | None = None
    technical_contacts: tuple[Person, ...] | None = None
    authorised_contacts: tuple[Person, ...] | None = None
    pm_outstanding: tuple[OutstandingItem, ...] | None = None
    documentation: dict[Section, str] | None = None
    credentials_location: str | None = None
    support_lead_id: str | None = None
    support_plan: SupportPlan | None = None
    clear: frozenset[str] = field(default_factory=frozenset)


# Every field and how it is recorded when blank.
BLANK: dict[str, Any] = {
    "region": "",
    "dev_site_path": "",
    "dev_url": "",
    "live_url": "",
    "target_launch_date": "",
    "launch_date": "",
    "hosted_by": "",
    "managed_hosting": "",
    "technical_contacts": [],
    "authorised_contacts": [],
    "pm_outstanding": [],
    "documentation": {s.value: "" for s in Section},
    "credentials_location": "",
    "support_lead_id": "",
    "support_plan": "",
}


def _text(value: str, what: str, limit: int = MAX_LINE) -> str:
    text = value.strip()
    if "\x00" in text:
        raise InvalidInput(f"'{what}' must not contain NUL characters.")
    if len(text) > limit:
        raise InvalidInput(f"'{what}' has at most {limit} characters.")
    return refuse_secrets(text, what)


def _people(people: tuple[Person, ...], what: str) -> list[dict[str, str]]:
    if len(people) > MAX_PEOPLE:
        raise InvalidInput(f"'{what}' lists at most {MAX_PEOPLE} people.")
    recorded = []
    for person in people:
        name = _text(person.name, f"{what}: name")
        if not name:
            raise InvalidInput(f"Each of '{what}' needs a name.")
        email = email_or_blank(_text(person.email, f"{what}: email"), f"{what} email")
        if not email:
            raise InvalidInput(f"'{name}' in '{what}' needs an email address.")
        recorded.append({"name": name, "email": email, "phone": check_phone(_text(person.phone, f"{what}: phone"))})
    return recorded


def _items(items: tuple[OutstandingItem, ...]) -> list[dict[str, Any]]:
    if len(items) > MAX_ITEMS:
        raise InvalidInput(f"The project manager keeps at most {MAX_ITEMS} outstanding items.")
    recorded = []
    for item in items:
        text = _text(item.text, "outstanding item", 500)
        if not text:
            raise InvalidInput("An outstanding item needs a description.")
        words = [_text(w, "outstanding item keyword", 60).lower() for w in item.keywords]
        words = [w for w in dict.fromkeys(words) if w]
        if len(words) > MAX_KEYWORDS:
            raise InvalidInput(f"An outstanding item has at most {MAX_KEYWORDS} keywords.")
        recorded.append({"text": text, "keywords": words})
    return recorded


def _url(value: str, what: str) -> str:
    text = _text(value, what, 2000)
    return checked_url(text) if text else ""


def recorded_changes(changes: DataChanges, current: dict[str, Any]) -> dict[str, Any]:
    """The fields ``changes`` gives, checked and in recorded form, keeping only those that differ."""
    unknown = set(changes.clear) - set(BLANK)
    if unknown:
        raise InvalidInput(f"Unknown handoff fields to clear: {', '.join(sorted(unknown))}.")
    given: dict[str, Any] = {name: BLANK[name] for name in changes.clear}
    c = changes
    for name in ("region", "dev_site_path", "credentials_location"):
        value = getattr(c, name)
        if value is not None:
            given[name] = _text(value, name, 500)
    for name in ("dev_url", "live_url"):
        value = getattr(c, name)
        if value is not None:
            given[name] = _url(value, name)
    for name in ("target_launch_date", "launch_date"):
        value = getattr(c, name)
        if value is not None:
            given[name] = value.isoformat()
    if c.hosted_by is not None:
        given["hosted_by"] = one_of(Host, c.hosted_by, "host").value
    if c.managed_hosting is not None:
        given["managed_hosting"] = "yes" if c.managed_hosting else "no"
    if c.support_plan is not None:
        given["support_plan"] = one_of(SupportPlan, c.support_plan, "support plan").value
    if c.support_lead_id is not None:
        given["support_lead_id"] = c.support_lead_id.strip()
    for name in ("technical_contacts", "authorised_contacts"):
        value = getattr(c, name)
        if value is not None:
            given[name] = _people(value, name.replace("_", " "))
    if c.pm_outstanding is not None:
        given["pm_outstanding"] = _items(c.pm_outstanding)
    if c.documentation is not None:
        sections = dict(current.get("documentation") or BLANK["documentation"])
        for section, text in c.documentation.items():
            key = one_of(Section, section, "documentation section").value
            sections[key] = _text(text, f"documentation: {key}", MAX_SECTION)
        given["documentation"] = sections
    return {name: value for name, value in given.items() if current.get(name, BLANK[name]) != value}


@dataclass(frozen=True)
class HandoffData:
    """The handoff's data as recorded, read with its types."""

    region: str
    dev_site_path: str
    dev_url: str
    live_url: str
    target_launch_date: date | None
    launch_date: date | None
    hosted_by: str
    managed_hosting: bool | None
    technical_contacts: tuple[Person, ...]
    authorised_contacts: tuple[Person, ...]
    pm_outstanding: tuple[OutstandingItem, ...]
    documentation: dict[str, str]
    credentials_location: str
    support_lead_id: str
    support_plan: str

    @classmethod
    def of(cls, record: dict[str, Any]) -> HandoffData:
        """Read a recorded dict (missing fields blank, so older records read too)."""
        r = {**BLANK, **record}

        def day(text: str) -> date | None:
            return date.fromisoformat(text) if text else None

        return cls(
            region=r["region"],
            dev_site_path=r["dev_site_path"],
            dev_url=r["dev_url"],
            live_url=r["live_url"],
            target_launch_date=day(r["target_launch_date"]),
            launch_date=day(r["launch_date"]),
            hosted_by=r["hosted_by"],
            managed_hosting={"yes": True, "no": False}.get(r["managed_hosting"]),
            technical_contacts=tuple(Person(**p) for p in r["technical_contacts"]),
            authorised_contacts=tuple(Person(**p) for p in r["authorised_contacts"]),
            pm_outstanding=tuple(OutstandingItem(i["text"], tuple(i["keywords"])) for i in r["pm_outstanding"]),
            documentation={**BLANK["documentation"], **r["documentation"]},
            credentials_location=r["credentials_location"],
            support_lead_id=r["support_lead_id"],
            support_plan=r["support_plan"],
        )


FIELDS = tuple(f.name for f in fields(HandoffData))
