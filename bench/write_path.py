"""Figure 1: commands per second through Baton, the plain library, and raw inserts.

All three write to the same database in the same run, interleaved in rounds so a
noisy neighbour hurts each of them alike. Each command is one transaction. The
mix is half registrations (new aggregate) and half notes (load, change, save).
"""

from __future__ import annotations

import time
import uuid
from datetime import UTC, datetime
from typing import Any

import psycopg

from baton.container import Container, eventsourcing_env
from bench.plain_library import PlainLeads
from bench.stats import Figure, Target
from domain.context import Actor, CommandContext
from domain.leads import NewLead

ACTOR = Actor.user("0" * 32, "employee")
LIBRARY_PERSISTENCE = "eventsourcing.postgres"
FIELDS: dict[str, Any] = {
    "name": "Contact Bench",
    "company": "Bench Company Ltd",
    "email": "contact@bench.example",
    "phone": "+44 20 7946 0000",
    "source": "website",
    "notes": "Met at the spring meetup; wants a quote for a shop rebuild.",
}
NOTE = "Sent the case studies for two similar shop rebuilds."


def _ctx() -> CommandContext:
    return CommandContext(actor=ACTOR, now=datetime.now(UTC))


def register_one(container: Container) -> uuid.UUID:
    """A lead registered through Baton's commands, for figures that need a fresh one."""
    return container.leads.register(_ctx(), NewLead(**FIELDS)).id


Timings = tuple[float, float]  # seconds spent registering, seconds adding notes


def _baton_round(container: Container, n: int) -> Timings:
    started = time.perf_counter()
    ids = [container.leads.register(_ctx(), NewLead(**FIELDS)).id for _ in range(n)]
    middle = time.perf_counter()
    for lead_id in ids:
        container.leads.add_note(_ctx(), lead_id, NOTE)
    return middle - started, time.perf_counter() - middle


def _plain_round(app: PlainLeads, n: int) -> Timings:
    started = time.perf_counter()
    ids = []
    for _ in range(n):
        meta = _ctx().event_meta()
        meta.pop("timestamp")
        ids.append(app.register(**FIELDS, **meta))
    middle = time.perf_counter()
    for lead_id in ids:
        meta = _ctx().event_meta()
        meta.pop("timestamp")
        app.add_note(lead_id, NOTE, **meta)
    return middle - started, time.perf_counter() - middle


def _raw_round(conn: psycopg.Connection[Any], n: int, sizes: tuple[int, int]) -> Timings:
    """Rows as big as Baton's stored events, each insert its own transaction."""
    register_state, note_state = b"x" * sizes[0], b"x" * sizes[1]
    statement = "INSERT INTO raw_events (originator_id, originator_version, topic, state) VALUES (%s, %s, %s, %s)"
    started = time.perf_counter()
    ids = [uuid.uuid4() for _ in range(n)]
    for lead_id in ids:
        conn.execute(statement, (lead_id, 1, "baton.lead.Registered", register_state))
    middle = time.perf_counter()
    for lead_id in ids:
        conn.execute(statement, (lead_id, 2, "baton.lead.NoteAdded", note_state))
    return middle - started, time.perf_counter() - middle


def stored_sizes(container: Container) -> tuple[int, int]:
    """Bytes of state in a stored registration and a stored note, as Baton writes them."""
    from domain.leads import Lead

    lead = Lead.register(_ctx(), uuid.uuid4(), NewLead(**FIELDS))
    lead.add_note(_ctx(), NOTE)
    registered, note = (container.app.mapper.to_stored_event(e) for e in lead.collect_events())
    return len(registered.state), len(note.state)


def measure(container: Container, *, commands: int, rounds: int = 5) -> list[Figure]:
    per_round = max(commands // (2 * rounds), 1)
    # Baton's database settings (pool, pre-ping, lock timeout), but the library's own recorders.
    env = {**eventsourcing_env(container.conninfo, container.schema), "PERSISTENCE_MODULE": LIBRARY_PERSISTENCE}
    plain = PlainLeads(env=env)
    sizes = stored_sizes(container)
    totals = {"baton": [0.0, 0.0], "plain": [0.0, 0.0], "raw": [0.0, 0.0]}
    with psycopg.connect(container.conninfo, autocommit=True, options=f"-c search_path={container.schema}") as conn:
        conn.execute(
            "CREATE TABLE IF NOT EXISTS raw_events (notification_id bigserial PRIMARY KEY,"
            " originator_id uuid NOT NULL, originator_version integer NOT NULL, topic text NOT NULL,"
            " state bytea NOT NULL, UNIQUE (originator_id, originator_version))"
        )
        # Warm every path once so connection set-up is not measured.
        _baton_round(container, 5)
        _plain_round(plain, 5)
        _raw_round(conn, 5, sizes)
        for _ in range(rounds):
            for name, timings in (
                ("baton", _baton_round(container, per_round)),
                ("plain", _plain_round(plain, per_round)),
                ("raw", _raw_round(conn, per_round, sizes)),
            ):
                totals[name][0] += timings[0]
                totals[name][1] += timings[1]
    plain.close()
    done = per_round * 2 * rounds
    rate = {k: done / sum(v) for k, v in totals.items()}
    by_kind = {
        k: {"register_per_s": round(done / 2 / v[0], 1), "add_note_per_s": round(done / 2 / v[1], 1)}
        for k, v in totals.items()
    }
    note = f"{done:,} commands each (half register, half add-note), {rounds} interleaved rounds, one transaction each"
    extra = {"commands": done, "state_bytes": {"registered": sizes[0], "note_added": sizes[1]}, "by_kind": by_kind}
    note += "; per kind (register/s, add-note/s): " + ", ".join(
        f"{k} {v['register_per_s']:,.0f} / {v['add_note_per_s']:,.0f}" for k, v in by_kind.items()
    )
    return [
        Figure(
            "write",
            "Baton commands/s vs plain library",
            rate["baton"],
            "cmd/s",
            "plain eventsourcing Application",
            rate["plain"],
            Target(">=", 0.8),
            note,
            extra,
        ),
        Figure("write", "Baton commands/s vs raw insert", rate["baton"], "cmd/s", "raw psycopg INSERT", rate["raw"]),
        Figure("write", "Plain library vs raw insert", rate["plain"], "cmd/s", "raw psycopg INSERT", rate["raw"]),
    ]
