"""Ids derived from what they belong to: one handoff per project, one template per name."""

from __future__ import annotations

from uuid import UUID, uuid5

_HANDOFF = UUID("5b0c7d52-61c4-4b7e-9a0e-2f1d8c3a9e47")


def handoff_id(project_id: UUID | str) -> UUID:
    """The one handoff of a project."""
    return uuid5(_HANDOFF, f"handoff:{UUID(str(project_id))}")


def template_id(name: str) -> UUID:
    """The record of the admin's edits to the email template ``name``."""
    return uuid5(_HANDOFF, f"template:{name}")


def topic_rules_id() -> UUID:
    """The one set of rules that classifies a ticket's text into a topic."""
    return uuid5(_HANDOFF, "topic-rules")
