"""The base every Baton aggregate extends: events carry who, why and when."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain.context import CommandContext


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
        self.trigger_event(event_class, **ctx.event_meta(), **data)

    @classmethod
    def _start(cls, event_class: type[Any], ctx: CommandContext, id: UUID, **data: Any) -> Any:
        """Create the aggregate with its first event, stamped with the context."""
        return cls._create(event_class, id=id, **ctx.event_meta(), **data)
