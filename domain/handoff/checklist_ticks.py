"""The person-ticked checklist items of a handoff: who ticked what, when, with a note (mixed into Handoff)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from domain.context import CommandContext
from domain.delivery.access import require
from domain.errors import InvalidInput, RuleViolation
from domain.handoff import events as e
from domain.handoff.checklist import SPEC, Item, TickedBy
from domain.handoff.stage import FINAL, Stage

MAX_NOTE = 2000


def note_of(text: str, what: str = "A note") -> str:
    """A note trimmed, at most ``MAX_NOTE`` characters."""
    note = text.strip()
    if len(note) > MAX_NOTE:
        raise InvalidInput(f"{what} has at most {MAX_NOTE} characters.")
    return note


class ChecklistTicks:
    """Ticks by people: any staff member ticks what they did; events prove the rest (``evidence``)."""

    ticks: dict[str, dict[str, str]]

    if TYPE_CHECKING:

        @property
        def stage(self) -> Stage: ...

        def _record(self, event_class: type[Any], ctx: CommandContext, **data: Any) -> None: ...

    def tick(self, ctx: CommandContext, item: Item, note: str = "") -> None:
        """A staff member ticks an item they did (an item events prove cannot be ticked by hand)."""
        chosen = self._person_item(ctx, item, "tick")
        if chosen.value in self.ticks:
            tick = self.ticks[chosen.value]
            raise RuleViolation(f"'{SPEC[chosen].label}' was ticked already (by {tick['by']} at {tick['at']}).")
        self._record(e.ItemTicked, ctx, item=chosen.value, note=note_of(note))

    def untick(self, ctx: CommandContext, item: Item, reason: str) -> None:
        """Take a tick back, saying why."""
        chosen = self._person_item(ctx, item, "untick")
        if chosen.value not in self.ticks:
            raise RuleViolation(f"'{SPEC[chosen].label}' is not ticked.")
        if not reason.strip():
            raise InvalidInput("Taking a tick back needs a reason.")
        self._record(e.ItemUnticked, ctx, item=chosen.value, reason=note_of(reason, "A reason"))

    def _person_item(self, ctx: CommandContext, item: Item | str, doing: str) -> Item:
        require(ctx.actor.role in ("admin", "employee"), f"Only staff {doing} checklist items.")
        try:
            chosen = Item(item)
        except ValueError:
            raise InvalidInput(f"'{item}' is not a checklist item.") from None
        if SPEC[chosen].ticked_by is TickedBy.EVENTS:
            raise RuleViolation(f"'{SPEC[chosen].label}' is ticked by the records that prove it, not by hand.")
        if self.stage in FINAL:
            raise RuleViolation(f"The handoff is {self.stage}: its checklist is closed.")
        return chosen
