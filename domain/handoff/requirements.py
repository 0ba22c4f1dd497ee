"""What each stage needs before it is reached: a refused stage lists exactly what is missing."""

from __future__ import annotations

from typing import Any

from domain.handoff.data import HandoffData
from domain.handoff.stage import Stage

# (key, label): the label is what a refusal names.
_CLIENT_TRAINED = (("authorised_contacts", "authorised contacts (the introduction is sent to them)"),)
_LAUNCHED = (
    ("live_url", "live URL"),
    ("launch_date", "launch date"),
    ("hosted_by", "who hosts the site"),
    ("managed_hosting", "whether hosting is managed"),
    ("technical_contacts", "technical contacts"),
    *_CLIENT_TRAINED,
)
_HANDED_OFF = (
    *_LAUNCHED,
    ("contract", "the support contract"),
    ("support_lead_id", "the support lead"),
    ("credentials_location", "where the credentials are kept"),
    ("documentation.basic_info", "handover documentation: basic project information"),
    ("documentation.important_urls", "handover documentation: the most important URLs"),
)
REQUIRED: dict[Stage, tuple[tuple[str, str], ...]] = {
    Stage.CLIENT_TRAINED: _CLIENT_TRAINED,
    Stage.LAUNCHED: _LAUNCHED,
    Stage.HANDED_OFF: _HANDED_OFF,
}


def _present(data: HandoffData, contract: dict[str, Any], key: str) -> bool:
    if key == "contract":
        return bool(contract)
    if key.startswith("documentation."):
        return bool(data.documentation.get(key.partition(".")[2], "").strip())
    value = getattr(data, key)
    return value is not None and value != "" and value != ()


def missing_for(stage: Stage, data: HandoffData, contract: dict[str, Any]) -> list[str]:
    """The labels of what ``stage`` needs and the handoff lacks, in a stable order."""
    return [label for key, label in REQUIRED.get(stage, ()) if not _present(data, contract, key)]


def missing_keys(stage: Stage, data: HandoffData, contract: dict[str, Any]) -> list[str]:
    """The same as ``missing_for``, as field keys (for views and clients that fill forms)."""
    return [key for key, _ in REQUIRED.get(stage, ()) if not _present(data, contract, key)]
