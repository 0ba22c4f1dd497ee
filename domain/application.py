"""The event-sourced application: one log, one total order, for the whole core."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application, ProcessingEvent
from eventsourcing.persistence import IntegrityError, JSONTranscoder

from domain.aggregate import BatonAggregate
from domain.billing.transcodings import TRANSCODINGS
from domain.errors import ConcurrentChange, NotFound, StaleVersion
from domain.registry import snapshot_intervals

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
    # their intervals come from domain/registry.py when the application is built.

    def __init__(self, env: Mapping[str, str] | None = None, *, snapshot_every: Mapping[type[Any], int] | None = None):
        # Per instance, not on the class: importing a slice never changes the application.
        # (The library reads ``self.snapshotting_intervals``; the class attribute stays empty.)
        intervals = dict(snapshot_intervals() if snapshot_every is None else snapshot_every)
        self.__dict__["snapshotting_intervals"] = intervals
        super().__init__(env={"IS_SNAPSHOTTING_ENABLED": "y" if intervals else "n", **(env or {})})

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        """The library's transcodings, and those of the domain's own values (Money, line items, dates)."""
        super().register_transcodings(transcoder)
        for transcoding in TRANSCODINGS:
            transcoder.register(transcoding)

    def _take_snapshots(self, processing_event: ProcessingEvent[UUID]) -> None:
        """Snapshot an aggregate whose saved events reach a multiple of its interval, from memory.

        The library reloads the aggregate from the store to snapshot it; the aggregate just
        saved already is that state when its last saved event is the one that reached the
        interval (nearly always: one command, one event), so it is snapshotted as it stands.
        """
        rest: list[Any] = []
        for event in processing_event.events:
            aggregate: Any = processing_event.aggregates.get(event.originator_id)
            interval = self.snapshotting_intervals.get(type(aggregate)) if aggregate is not None else None
            if self.snapshots is None or not interval or event.originator_version % interval:
                continue
            if aggregate.version == event.originator_version:
                self.snapshots.put([type(aggregate).Snapshot.take(aggregate)])
            else:
                rest.append(event)
        for event in rest:  # an earlier multiple inside a longer save: the library's way, reloading
            self.take_snapshot(event.originator_id, version=event.originator_version)

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
            if expected > aggregate.version:
                msg = (
                    f"The {label} has no version {expected} yet; it is at version {aggregate.version}. "
                    "Send the version you last read (its ETag)."
                )
            else:
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
