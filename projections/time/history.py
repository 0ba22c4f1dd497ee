"""Reports "as of" a past moment, from the log itself: no copies of reports are kept.

An entry's rows in ``time_entries`` show it as it is now. To answer as the log
stood at ``as_of``, a report finds every entry that was ever under its keys
(``time_entry_keys``: client and month, person and month, project), reads
those entries' events from the log by record id (the events table's primary
key), and folds each entry's events up to ``as_of`` with the same mapping the
view uses (``log.placement``). Entries created later, and changes made later,
are left out; an entry deleted later is shown as it was. The support plan and
the report's own record are folded from their events the same way.

The cost grows with the events of the entries under the keys asked (a client's
month: a few hundred entries, each with one to a few events), not with the log.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any
from uuid import UUID

from eventsourcing.persistence import StoredEvent
from psycopg import Connection, sql

from domain.billing.contract import Contract
from domain.time.entry import TimeEntry
from domain.time.report import MonthlyReport
from projections.engine.follower import LogSource
from projections.time.mapping import placement, plan_row

Row = dict[str, Any]


def read_events(conn: Connection[Any], source: LogSource, ids: Sequence[UUID]) -> list[Any]:
    """The events of the records ``ids``, each record's in version order (one indexed query)."""
    if not ids:
        return []
    table = sql.Identifier(source.schema, source.events_table)
    query = sql.SQL(
        "SELECT originator_id, originator_version, topic, state FROM {} "
        "WHERE originator_id = ANY(%s) ORDER BY originator_id, originator_version"
    ).format(table)
    mapper = source.mapper
    return [
        mapper.to_domain_event(StoredEvent(originator_id=o, originator_version=v, topic=t, state=bytes(s)))
        for o, v, t, s in conn.execute(query, (list(ids),)).fetchall()
    ]


def entry_ids_under(conn: Connection[Any], keys: Iterable[str]) -> list[UUID]:
    """Every entry ever found under any of ``keys``."""
    rows = conn.execute("SELECT DISTINCT entry_id FROM time_entry_keys WHERE key = ANY(%s)", (list(keys),)).fetchall()
    return [r[0] for r in rows]


def entries_as_of(events: Iterable[Any], as_of: datetime) -> list[Row]:
    """Entries as ``time_entries`` rows, folded from their events up to ``as_of``; deleted ones left out."""
    rows: dict[UUID, Row] = {}
    for e in events:
        if e.timestamp > as_of:
            continue
        if isinstance(e, TimeEntry.Logged):
            rows[e.originator_id] = {
                "id": e.originator_id,
                "person_id": UUID(e.person_id),
                **placement(e),
                "deleted": False,
                "created_at": e.timestamp,
                "updated_at": e.timestamp,
                "version": e.originator_version,
            }
        elif (row := rows.get(e.originator_id)) is not None:
            if isinstance(e, TimeEntry.Changed):
                row.update(placement(e))
            elif isinstance(e, TimeEntry.Deleted):
                row["deleted"] = True
            row.update(updated_at=e.timestamp, version=e.originator_version)
    return [row for row in rows.values() if not row["deleted"]]


def plans_as_of(events: Iterable[Any], as_of: datetime) -> list[Row]:
    """Support plans as ``time_plans`` rows, as their contracts stood at ``as_of``."""
    plans: dict[UUID, Row] = {}
    for e in events:
        if e.timestamp > as_of:
            continue
        if isinstance(e, Contract.Offered):
            plans[e.originator_id] = plan_row(e)
        elif e.originator_id in plans and isinstance(e, Contract.Accepted | Contract.Withdrawn):
            plans[e.originator_id]["status"] = "accepted" if isinstance(e, Contract.Accepted) else "withdrawn"
    return list(plans.values())


def report_record_as_of(events: Iterable[Any], as_of: datetime) -> Row | None:
    """What had happened to a monthly report by ``as_of`` (None: nothing yet)."""
    record: Row | None = None
    for e in events:
        if e.timestamp > as_of:
            continue
        if isinstance(e, MonthlyReport.Opened):
            record = {"reminded": False, "late": False, "sent": False, "sent_late": False, "sent_at": None}
        if record is None:
            continue
        record["version"] = e.originator_version
        if isinstance(e, MonthlyReport.ReminderSent):
            record["reminded"] = True
        elif isinstance(e, MonthlyReport.MarkedLate):
            record["late"] = True
        elif isinstance(e, MonthlyReport.Sent):
            record.update(sent=True, sent_late=e.late, sent_at=e.timestamp)
    return record


def in_range(rows: Iterable[Row], first: date, last: date) -> list[Row]:
    return [r for r in rows if first <= r["day"] <= last]
