"""The admin-editable catalogue of urgent categories: one per deployment, every edit an event."""

from __future__ import annotations

from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from domain.aggregate import BatonAggregate
from domain.context import CommandContext
from domain.errors import NotFound, RuleViolation
from domain.tickets.permissions import require_admin
from domain.tickets.urgency import DEFAULT_URGENT_CATEGORIES, UrgentCategory

# There is one catalogue: its id is fixed, so creating it twice is a conflict, not a second one.
CATALOGUE_ID: UUID = uuid5(NAMESPACE_URL, "baton:urgent-catalogue")


def _data(category: UrgentCategory) -> dict[str, Any]:
    return {"label": category.label, "phrases": list(category.phrases)}


class UrgentCatalogue(BatonAggregate):
    """Which categories of problem make a new ticket urgent."""

    TOPIC = "baton.urgent_catalogue.UrgentCatalogue"

    class Event(BatonAggregate.Event):
        """Base of the catalogue's events."""

    class Started(Event, BatonAggregate.Created):
        """The catalogue was created from the defaults of the time (recorded, so later defaults change nothing)."""

        TOPIC = "baton.urgent_catalogue.Started"
        categories: dict[str, dict[str, Any]]

    Created = Started

    class CategorySaved(Event):
        """An admin added an urgent category or changed its label or phrases."""

        TOPIC = "baton.urgent_catalogue.CategorySaved"
        key: str
        label: str
        phrases: list[str]

        def apply(self, aggregate: UrgentCatalogue) -> None:
            aggregate.entries[self.key] = {"label": self.label, "phrases": list(self.phrases)}

    class CategoryRemoved(Event):
        """An admin removed an urgent category: new tickets no longer match it."""

        TOPIC = "baton.urgent_catalogue.CategoryRemoved"
        key: str

        def apply(self, aggregate: UrgentCatalogue) -> None:
            aggregate.entries.pop(self.key, None)

    def __init__(self, categories: dict[str, dict[str, Any]]) -> None:
        self.entries = {key: dict(value) for key, value in categories.items()}

    @property
    def categories(self) -> tuple[UrgentCategory, ...]:
        """The categories in force, in the order they were first added."""
        return tuple(
            UrgentCategory(key=key, label=value["label"], phrases=tuple(value["phrases"]))
            for key, value in self.entries.items()
        )

    @classmethod
    def start(cls, ctx: CommandContext) -> UrgentCatalogue:
        """Create the catalogue with the default categories."""
        require_admin(ctx, "edit the urgent categories")
        categories = {c.key: _data(c.checked()) for c in DEFAULT_URGENT_CATEGORIES}
        catalogue: UrgentCatalogue = cls._start(cls.Started, ctx, CATALOGUE_ID, categories=categories)
        return catalogue

    def save(self, ctx: CommandContext, category: UrgentCategory) -> None:
        """Add a category, or replace an existing one's label and phrases."""
        require_admin(ctx, "edit the urgent categories")
        checked = category.checked()
        if self.entries.get(checked.key) == _data(checked):
            raise RuleViolation(f"The urgent category '{checked.key}' already reads exactly so.")
        self._record(self.CategorySaved, ctx, key=checked.key, label=checked.label, phrases=list(checked.phrases))

    def remove(self, ctx: CommandContext, key: str) -> None:
        """Remove a category."""
        require_admin(ctx, "edit the urgent categories")
        if key not in self.entries:
            raise NotFound(f"There is no urgent category '{key}'.")
        self._record(self.CategoryRemoved, ctx, key=key)
