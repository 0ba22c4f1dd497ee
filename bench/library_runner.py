"""The library's own ProjectionRunner feeding an equivalent lead view.

This is the floor the batched runner is compared with: the eventsourcing
``ProjectionRunner`` subscribes to the application and calls the projection for
each event, which writes its row and its tracking record in one transaction,
one event at a time.
"""

from __future__ import annotations

import time
from functools import singledispatchmethod
from typing import Any

from eventsourcing.persistence import Tracking
from eventsourcing.postgres import PostgresTrackingRecorder
from eventsourcing.projection import Projection, ProjectionRunner
from eventsourcing.utils import get_topic
from psycopg.sql import SQL, Identifier

from baton.container import Container, eventsourcing_env
from domain.application import BatonApplication
from domain.leads import Lead


class LibraryLeadView(PostgresTrackingRecorder):
    """The lead pipeline's rows, kept the way the library's examples keep a view."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        schema = Identifier(self.datastore.schema)
        self.sql_create_statements.append(
            SQL(
                "CREATE TABLE IF NOT EXISTS {}.lib_leads (id uuid PRIMARY KEY, name text, company text, email text,"
                " phone text, source text, status text, lost_reason text NOT NULL DEFAULT '',"
                " notes_count integer NOT NULL DEFAULT 0, created_at timestamptz, updated_at timestamptz,"
                " created_by text, version integer)"
            ).format(schema)
        )
        self.sql_create_statements.append(
            SQL(
                "CREATE TABLE IF NOT EXISTS {}.lib_lead_notes (lead_id uuid, version integer, text text,"
                " author_id text, written_at timestamptz, PRIMARY KEY (lead_id, version))"
            ).format(schema)
        )
        self.schema = schema

    def write(self, tracking: Tracking, *statements: tuple[SQL, tuple[Any, ...]]) -> None:
        with self.datastore.transaction(commit=True) as curs:
            for statement, params in statements:
                curs.execute(statement.format(self.schema), params)
            self._insert_tracking(curs, tracking)


TOUCH = "UPDATE {}.lib_leads SET updated_at = %s, version = %s, "


class LibraryLeadProjection(Projection[LibraryLeadView]):
    """The lead pipeline as a library projection."""

    name = "libleadview"
    topics = tuple(get_topic(c) for c in (Lead.Registered, Lead.StatusChanged, Lead.MarkedLost, Lead.NoteAdded))

    @singledispatchmethod
    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        self.view.insert_tracking(tracking)

    @process_event.register
    def _registered(self, e: Lead.Registered, tracking: Tracking) -> None:
        row = SQL(
            "INSERT INTO {}.lib_leads (id, name, company, email, phone, source, status, notes_count, created_at,"
            " updated_at, created_by, version) VALUES (%s, %s, %s, %s, %s, %s, 'new', %s, %s, %s, %s, %s)"
        )
        params = (e.originator_id, e.name, e.company, e.email, e.phone, e.source, 1 if e.notes else 0)
        statements: list[tuple[SQL, tuple[Any, ...]]] = [
            (row, (*params, e.timestamp, e.timestamp, e.actor_id, e.originator_version))
        ]
        if e.notes:
            statements.append((_NOTE, (e.originator_id, e.originator_version, e.notes, e.actor_id, e.timestamp)))
        self.view.write(tracking, *statements)

    @process_event.register
    def _status_changed(self, e: Lead.StatusChanged, tracking: Tracking) -> None:
        update = SQL(TOUCH + "status = %s WHERE id = %s")
        self.view.write(tracking, (update, (e.timestamp, e.originator_version, e.to_status, e.originator_id)))

    @process_event.register
    def _marked_lost(self, e: Lead.MarkedLost, tracking: Tracking) -> None:
        update = SQL(TOUCH + "status = 'lost', lost_reason = %s WHERE id = %s")
        self.view.write(tracking, (update, (e.timestamp, e.originator_version, e.reason, e.originator_id)))

    @process_event.register
    def _note_added(self, e: Lead.NoteAdded, tracking: Tracking) -> None:
        update = SQL(TOUCH + "notes_count = notes_count + 1 WHERE id = %s")
        note = (e.originator_id, e.originator_version, e.text, e.actor_id, e.timestamp)
        self.view.write(tracking, (update, (e.timestamp, e.originator_version, e.originator_id)), (_NOTE, note))


_NOTE = SQL("INSERT INTO {}.lib_lead_notes (lead_id, version, text, author_id, written_at) VALUES (%s, %s, %s, %s, %s)")


def run_until(container: Container, position: int, timeout: float = 600.0) -> float:
    """Run the library runner (resuming from its tracked position) until ``position``; the seconds it took."""
    # The library's own recorders throughout; only the connection settings are Baton's.
    env = {**eventsourcing_env(container.conninfo, container.schema), "PERSISTENCE_MODULE": "eventsourcing.postgres"}
    runner: ProjectionRunner[BatonApplication, LibraryLeadView]
    with ProjectionRunner(
        application_class=BatonApplication,
        projection_class=LibraryLeadProjection,
        view_class=LibraryLeadView,
        env=env,
    ) as runner:
        started = time.perf_counter()
        runner.wait(position, timeout=timeout)
        elapsed = time.perf_counter() - started
        runner.stop()
    return elapsed
