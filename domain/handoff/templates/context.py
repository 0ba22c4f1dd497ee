"""What a handoff template can use: every field always present, blank when not known yet.

``template_context`` builds it from the handoff's data as a stage recorded it,
the names of the people involved (looked up by the caller) and the support
desk's contact details (deployment settings). ``sample_context`` gives the
same shape with every field blank or every field filled: each template is
rendered with both when an admin saves it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from domain.handoff.data import BLANK, Section
from domain.handoff.routing import LABELS, table
from domain.handoff.stage import Stage
from domain.tickets.ownership import Side

CONTACT = {Side.PROJECT_MANAGER: "your project manager", Side.SUPPORT: "the support team"}
HOSTS = {"agency": "the agency", "client": "the client"}


@dataclass(frozen=True)
class Desk:
    """The support team as the emails present it (from the deployment's settings)."""

    address: str = "support@baton.local"
    phone: str = ""
    hours: str = "Monday to Friday, 8:00 to 18:00"
    emergency: str = "call the support line: outside business hours it tells you how to reach the engineer on call"


@dataclass(frozen=True)
class Names:
    """The names the emails use, looked up by whoever renders them ("" when unknown)."""

    client: str = ""
    contact_first_name: str = ""
    project: str = ""
    pm: str = ""
    pm_email: str = ""
    support_lead: str = ""
    support_lead_email: str = ""


def long_date(day: date | None) -> str:
    """A date as people write it (2 March 2026), or ""."""
    return f"{day.day} {day:%B %Y}" if day else ""


def _iso_date(text: str) -> str:
    return long_date(date.fromisoformat(text)) if text else ""


def _hours(text: str) -> str:
    if not text:
        return ""
    hours = Decimal(text)
    return f"{hours.normalize():f}" if hours else ""


def template_context(  # noqa: PLR0913 - the emails' inputs, each named
    *,
    data: dict[str, Any],
    contract: dict[str, Any],
    stage: Stage,
    names: Names,
    desk: Desk,
    window_closes_at: datetime | None = None,
    call_on: date | None = None,
    reminder_on: date | None = None,
) -> dict[str, Any]:
    """The variables a template sees."""
    d = {**BLANK, **data}
    return {
        "client": {"name": names.client, "first_name": names.contact_first_name},
        "project": {"name": names.project},
        "pm": {"name": names.pm, "email": names.pm_email},
        "support": {
            "address": desk.address,
            "phone": desk.phone,
            "hours": desk.hours,
            "emergency": desk.emergency,
            "lead_name": names.support_lead,
            "lead_email": names.support_lead_email,
        },
        "handoff": {
            "region": d["region"],
            "dev_site_path": d["dev_site_path"],
            "dev_url": d["dev_url"],
            "live_url": d["live_url"],
            "target_launch_date": _iso_date(d["target_launch_date"]),
            "launch_date": _iso_date(d["launch_date"]),
            "hosted_by": HOSTS.get(d["hosted_by"], ""),
            "managed_hosting": d["managed_hosting"],
            "technical_contacts": [dict(p) for p in d["technical_contacts"]],
            "authorised_contacts": [dict(p) for p in d["authorised_contacts"]],
            "pm_outstanding": [item["text"] for item in d["pm_outstanding"]],
            "documentation": {**BLANK["documentation"], **d["documentation"]},
            "credentials_location": d["credentials_location"],
        },
        "contract": {
            "type": str(contract.get("contract_type", "")).replace("_", " "),
            "hours_per_month": _hours(str(contract.get("support_hours_per_month", ""))),
            "start": _iso_date(str(contract.get("start", ""))),
            "special_agreements": contract.get("special_agreements", ""),
        },
        "routing": [{"topic": LABELS[topic], "contact": CONTACT[side]} for topic, side in table(stage)],
        "window": {"closes_on": long_date(window_closes_at.date()) if window_closes_at else ""},
        "call": {"date": long_date(call_on), "reminder_date": long_date(reminder_on)},
    }


def sample_context(*, full: bool) -> dict[str, Any]:
    """Every field blank, or every field filled: what a template is checked against when saved."""
    if not full:
        return template_context(data={}, contract={}, stage=Stage.CLIENT_TRAINED, names=Names(), desk=Desk())
    person = {"name": "Alex Example", "email": "alex@client.example", "phone": "+1 555 0100"}
    data = {
        "region": "California",
        "dev_site_path": "/srv/sites/example-dev",
        "dev_url": "https://dev.example.org",
        "live_url": "https://www.example.org",
        "target_launch_date": "2026-05-01",
        "launch_date": "2026-05-04",
        "hosted_by": "agency",
        "managed_hosting": "yes",
        "technical_contacts": [person],
        "authorised_contacts": [person, {**person, "name": "Robin Example", "phone": ""}],
        "pm_outstanding": [{"text": "The events calendar import", "keywords": ["calendar"]}],
        "documentation": {s.value: f"Notes on {s.value.replace('_', ' ')}" for s in Section},
        "credentials_location": "Password vault, folder 'Example'",
    }
    contract = {
        "contract_type": "maintenance_and_support",
        "support_hours_per_month": "10.00",
        "start": "2026-05-01",
        "special_agreements": "Two releases a year included.",
    }
    names = Names(
        "Example City", "Alex", "Website relaunch", "Pat Manager", "pm@agency.example", "Sam Lead", "s@a.example"
    )
    return template_context(
        data=data,
        contract=contract,
        stage=Stage.HANDED_OFF,
        names=names,
        desk=Desk(phone="+1 555 0199"),
        window_closes_at=datetime.fromisoformat("2026-06-03T09:00:00+00:00"),
        call_on=date(2026, 7, 6),
        reminder_on=date(2026, 7, 1),
    )
