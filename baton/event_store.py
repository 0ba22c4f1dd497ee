"""The library's PostgreSQL event store, with a bounded wait when the database is down.

The library retries each read and write ten times, and every attempt may wait five
seconds for a connection: a command caught by an outage would hold its request for
almost a minute. Two attempts keep a quick retry over a dropped connection, and the
API answers 503 within about ten seconds instead.
"""

from __future__ import annotations

from typing import Any

from eventsourcing.persistence import InterfaceError, OperationalError
from eventsourcing.postgres import PostgresAggregateRecorder, PostgresApplicationRecorder, PostgresFactory
from eventsourcing.utils import retry

ATTEMPTS = 2
WAIT = 0.2
_TRANSIENT = (InterfaceError, OperationalError)


class BoundedAggregateRecorder(PostgresAggregateRecorder):
    """Snapshots and other per-aggregate tables, with bounded retries."""

    @retry(_TRANSIENT, max_attempts=ATTEMPTS, wait=WAIT)
    def insert_events(self, *args: Any, **kwargs: Any) -> Any:
        return PostgresAggregateRecorder.insert_events.__wrapped__(self, *args, **kwargs)  # type: ignore[attr-defined]

    @retry(_TRANSIENT, max_attempts=ATTEMPTS, wait=WAIT)
    def select_events(self, *args: Any, **kwargs: Any) -> Any:
        return PostgresAggregateRecorder.select_events.__wrapped__(self, *args, **kwargs)  # type: ignore[attr-defined]


class BoundedApplicationRecorder(PostgresApplicationRecorder):
    """The application log, with bounded retries."""

    @retry(_TRANSIENT, max_attempts=ATTEMPTS, wait=WAIT)
    def insert_events(self, *args: Any, **kwargs: Any) -> Any:
        return PostgresApplicationRecorder.insert_events.__wrapped__(self, *args, **kwargs)  # type: ignore[attr-defined]

    @retry(_TRANSIENT, max_attempts=ATTEMPTS, wait=WAIT)
    def select_events(self, *args: Any, **kwargs: Any) -> Any:
        return PostgresAggregateRecorder.select_events.__wrapped__(self, *args, **kwargs)  # type: ignore[attr-defined]

    @retry(_TRANSIENT, max_attempts=ATTEMPTS, wait=WAIT)
    def select_notifications(self, *args: Any, **kwargs: Any) -> Any:
        return PostgresApplicationRecorder.select_notifications.__wrapped__(self, *args, **kwargs)  # type: ignore[attr-defined]

    @retry(_TRANSIENT, max_attempts=ATTEMPTS, wait=WAIT)
    def max_notification_id(self, *args: Any, **kwargs: Any) -> Any:
        return PostgresApplicationRecorder.max_notification_id.__wrapped__(self, *args, **kwargs)  # type: ignore[attr-defined]


class BatonPostgresFactory(PostgresFactory):
    """Builds the bounded recorders (named by PERSISTENCE_MODULE as a class topic)."""

    aggregate_recorder_class = BoundedAggregateRecorder
    application_recorder_class = BoundedApplicationRecorder
