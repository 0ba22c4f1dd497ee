"""The event-sourced application: one log, one total order, for the whole core."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.persistence import IntegrityError

from domain.aggregate import BatonAggregate
from domain.errors import ConcurrentChange, NotFound, StaleVersion

A = TypeVar("A", bound=BatonAggregate)


@dataclass(frozen=True)
class CommandResult:
    """What every command returns: the record, its new version and log position."""

    id: UUID
    version: int
    position: int


class BatonApplication(Application[UUID]):
    """Stores every aggregate's events in one application log."""

    name = "baton"
    # Long-lived aggregates (a ticket with a long thread) load from a snapshot;
    # each aggregate module adds its interval to this mapping.
    snapshotting_intervals: ClassVar[dict[type[Any], int]] = {}

    def load(self, cls: type[A], aggregate_id: UUID, *, version: int | None = None) -> A:
        """Load an aggregate of ``cls`` (as of ``version`` if given) or raise NotFound."""
        label = cls.__name__.lower()
        try:
            aggregate: Any = self.repository.get(aggregate_id, version=version)
        except AggregateNotFoundError:
            raise NotFound(f"No {label} with id {aggregate_id}.") from None
        if not isinstance(aggregate, cls):
            raise NotFound(f"No {label} with id {aggregate_id}.")
        if version is not None and aggregate.version != version:
            msg = f"The {label} {aggregate_id} has no version {version} (latest is {aggregate.version})."
            raise NotFound(msg)
        return aggregate

    def load_expecting(self, cls: type[A], aggregate_id: UUID, expected: int | None) -> A:
        """Load for an update; refuse if the caller saw an older version."""
        aggregate = self.load(cls, aggregate_id)
        if expected is not None and aggregate.version != expected:
            label = cls.__name__.lower()
            msg = (
                f"The {label} changed since you read it: you sent version {expected}, "
                f"it is now at version {aggregate.version}. Reload and try again."
            )
            raise StaleVersion(msg)
        return aggregate

    def commit(self, primary: BatonAggregate, *others: BatonAggregate) -> CommandResult:
        """Save all pending events atomically and report where they landed."""
        try:
            recordings = self.save(primary, *others)
        except IntegrityError:
            label = type(primary).__name__.lower()
            msg = f"The {label} {primary.id} was changed by someone else at the same moment. Reload and try again."
            raise ConcurrentChange(msg) from None
        position = max((r.notification.id for r in recordings), default=0)
        return CommandResult(id=primary.id, version=primary.version, position=position)
