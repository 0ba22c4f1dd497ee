"""Errors of the handoff; each refusal names exactly what is missing (the API maps them in api/problems.py)."""

from __future__ import annotations

from domain.errors import RuleViolation


class HandoffIncomplete(RuleViolation):
    """A stage needs data the handoff does not have yet; ``missing`` lists it."""

    title = "Handoff data missing"

    def __init__(self, stage: str, missing: list[str]) -> None:
        super().__init__(f"The handoff cannot reach '{stage}' yet: {', '.join(missing)} missing.")
        self.missing = missing


class ChecklistOpen(RuleViolation):
    """Required checklist items are open; ``open_items`` lists them (an admin may override with a reason)."""

    title = "Checklist items open"

    def __init__(self, open_items: list[str]) -> None:
        super().__init__(
            "The project cannot be handed off while required checklist items are open: "
            f"{', '.join(open_items)}. Finish them, or an admin may override with a reason."
        )
        self.open_items = open_items


class AlreadyExists(RuleViolation):
    """The project already has a handoff."""

    title = "Handoff exists"
