"""The base every Baton aggregate extends: events carry who, why and when."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain.context import CommandContext
from domain.errors import InvalidInput


def _refuse_nul(data: dict[str, Any]) -> None:
    """No event may carry a NUL character: read models in PostgreSQL could never store it."""
    for name, value in data.items():
        texts = value.values() if isinstance(value, dict) else value if isinstance(value, list | tuple) else [value]
        if any(isinstance(text, str) and "\x00" in text for text in texts):
            raise InvalidInput(f"'{name}' must not contain NUL (\\u0000) characters.")


class BatonAggregate(Aggregate):
    """An aggregate whose events record actor, correlation and causation."""

    class Event(Aggregate.Event):
        actor_id: str
        actor_role: str
        correlation_id: str
        causation_id: str

    class Created(Event, Aggregate.Created):
        pass

    def _record(self, event_class: type[Any], ctx: CommandContext, **data: Any) -> None:
        """Trigger ``event_class`` stamped with the command's context."""
        _refuse_nul(data)
        self.trigger_event(event_class, **ctx.event_meta(), **data)

    @classmethod
    def _start(cls, event_class: type[Any], ctx: CommandContext, id: UUID, **data: Any) -> Any:
        """Create the aggregate with its first event, stamped with the context."""
        _refuse_nul(data)
        return cls._create(event_class, id=id, **ctx.event_meta(), **data)
