"""Builds every part of Baton from settings: the one place things are wired."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, TypeVar
from uuid import UUID

import dramatiq
import psycopg
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict, make_conninfo
from psycopg_pool import ConnectionPool

from api.identity.service import Identity
from api.one_hop import SharingPool
from baton import embedded_db
from baton.clock import MovableClock, SystemClock, clock_for, refuse_unsafe
from baton.email_wiring import wire_email
from baton.identity_wiring import wire_identity
from baton.process_wiring import start_processes, wire_processes
from baton.settings import Settings
from domain.application import BatonApplication
from domain.commands import CommandGroup, CommandGroups
from domain.leads.commands import LeadCommands
from domain.outbox.commands import EmailCommands
from domain.users.commands import UserCommands
from processes import broker as broker_setup
from processes.manager import ProcessManager
from processes.timers import DeadlineRunner, Deadlines
from projections.engine import catalog
from projections.engine.projection import Projection
from projections.engine.runner import LogSource, ProjectionRunner, head_position
from projections.engine.watcher import LogWatcher
from projections.registry import all_projections

log = logging.getLogger(__name__)

EVENTS_TABLE = "baton_events"
BUILD_BATCH_FACTOR = 4
# How long a request waits for a pooled connection before it answers 503 (the database is down or overloaded).
POOL_WAIT_SECONDS = 5.0


def eventsourcing_env(conninfo: str, schema: str) -> dict[str, str]:
    """The library's POSTGRES_* settings for a libpq connection string."""
    parts = conninfo_to_dict(conninfo)
    return {
        # The library's recorders with bounded retries (see baton/event_store.py).
        "PERSISTENCE_MODULE": "baton.event_store:BatonPostgresFactory",
        "POSTGRES_DBNAME": str(parts.get("dbname") or "postgres"),
        "POSTGRES_HOST": str(parts.get("host") or "127.0.0.1"),
        "POSTGRES_PORT": str(parts.get("port") or "5432"),
        "POSTGRES_USER": str(parts.get("user") or "postgres"),
        "POSTGRES_PASSWORD": str(parts.get("password") or ""),
        "POSTGRES_SCHEMA": schema,
        # Opened eagerly by the library: keep few idle, overflow under load.
        "POSTGRES_POOL_SIZE": "2",
        "POSTGRES_MAX_OVERFLOW": "10",
        "POSTGRES_CONNECT_TIMEOUT": "5",
        "POSTGRES_PRE_PING": "y",
        "POSTGRES_LOCK_TIMEOUT": "5",
        "CREATE_TABLE": "y",
    }


G = TypeVar("G", bound=CommandGroup)


@dataclass
class Container:
    """Everything a process of Baton needs, built once and closed once."""

    settings: Settings
    conninfo: str
    app: BatonApplication
    pool: ConnectionPool[Any]
    source: LogSource
    projections: list[Projection]
    leads: LeadCommands
    broker: dramatiq.Broker
    users: UserCommands
    emails: EmailCommands
    identity: Identity
    processes: list[ProcessManager]
    email_actor: Any
    enqueue_email: Callable[[UUID], None]
    clock: SystemClock | MovableClock
    deadlines: Deadlines
    groups: CommandGroups
    timers: DeadlineRunner
    embedded: Any = None
    worker: Any = None
    _threads: list[threading.Thread] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)

    def commands(self, group: type[G]) -> G:
        """The one instance of a slice's command group: a new slice needs no field here."""
        return self.groups(group)

    @property
    def schema(self) -> str:
        return self.settings.database_schema

    def projection(self, name: str) -> Projection:
        for p in self.projections:
            if p.name == name:
                return p
        known = ", ".join(p.name for p in self.projections)
        raise KeyError(f"No projection named '{name}'. Known: {known}.")

    def runner(self, projection: Projection, **kwargs: Any) -> ProjectionRunner:
        options: dict[str, Any] = {
            "batch_size": self.settings.projection_batch_size,
            # A generation being built takes batches four times as big (docs/performance.md, "Rebuild").
            "build_batch_size": BUILD_BATCH_FACTOR * self.settings.projection_batch_size,
            "idle_wait": self.settings.projection_idle_wait,
        }
        return ProjectionRunner(projection, self.source, **{**options, **kwargs})

    def start_runners(self) -> None:
        """Follow the log with every projection, each in its own thread, woken by one watcher of the log."""
        watcher = LogWatcher(self.source, idle_wait=self.settings.projection_idle_wait)
        watching = threading.Thread(target=watcher.run, args=(self._stop,), name="log-watcher", daemon=True)
        watching.start()
        self._threads.append(watching)
        for projection in self.projections:
            thread = threading.Thread(
                target=self.runner(projection, watcher=watcher).run,
                args=(self._stop,),
                name=f"projection-{projection.name}",
                daemon=True,
            )
            thread.start()
            self._threads.append(thread)
        if self.settings.run_processes:
            self._threads += start_processes(
                self.processes, self.timers, self.source, self.settings, self._stop, watcher=watcher
            )

    def start_worker(self) -> None:
        """Run dramatiq actors on threads of this process."""
        self.worker = broker_setup.start_worker(self.broker)

    @property
    def movable_clock(self) -> MovableClock | None:
        """The clock, when this deployment lets admins move it (BATON_MOVABLE_CLOCK)."""
        return self.clock if isinstance(self.clock, MovableClock) else None

    def broker_state(self) -> str:
        return broker_setup.broker_state(self.broker)

    def active_position(self, name: str) -> int | None:
        with self.pool.connection() as conn:
            return catalog.active_position(conn, name)

    def wait_for_position(self, name: str, position: int, timeout: float) -> int | None:
        """Wait until projection ``name`` has applied ``position``; return where it is."""
        deadline = time.monotonic() + timeout
        delay = 0.005
        while True:
            current = self.active_position(name)
            if current is not None and current >= position:
                return current
            if time.monotonic() >= deadline:
                return current
            time.sleep(delay)
            delay = min(delay * 2, 0.1)

    def head(self) -> int:
        with self.pool.connection() as conn:
            return head_position(conn, self.source)

    def close(self) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=10)
        if self.worker is not None:
            self.worker.stop(timeout=5000)
        self.broker.close()
        self.pool.close()
        if isinstance(self.clock, MovableClock):
            self.clock.close()
        self.app.close()
        if self.embedded is not None:
            self.embedded.cleanup()


def resolve_conninfo(settings: Settings) -> tuple[str, Any]:
    """The database to use: the configured URL, or the embedded server."""
    if settings.database_url:
        return make_conninfo(settings.database_url), None
    server = embedded_db.start(settings.data_dir)
    return make_conninfo(embedded_db.url(server)), server


@contextmanager
def schema_ddl_lock(conninfo: str) -> Iterator[None]:
    """Serialise start-up DDL: processes starting together on a fresh database
    otherwise race in CREATE ... IF NOT EXISTS ("tuple concurrently updated")."""
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute("SELECT pg_advisory_lock(hashtext('baton.startup.ddl'))")
        yield


def ensure_database_schema(conninfo: str, schema: str) -> None:
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(schema)))
        conn.execute(f"SET search_path TO {sql.Identifier(schema).as_string(conn)}")
        catalog.ensure_schema(conn)


def build(settings: Settings | None = None) -> Container:
    """Wire Baton for ``settings`` (read from the environment when omitted)."""
    settings = settings or Settings()
    refuse_unsafe(settings)  # before anything starts
    conninfo, embedded = resolve_conninfo(settings)
    schema = settings.database_schema
    with schema_ddl_lock(conninfo):
        ensure_database_schema(conninfo, schema)
        app = BatonApplication(env=eventsourcing_env(conninfo, schema))
    # Lends a one-hop request's connection to its session check (api/one_hop.py).
    pool: ConnectionPool[Any] = SharingPool(
        conninfo,
        min_size=1,
        max_size=settings.db_pool_size,
        kwargs={"autocommit": True, "options": f"-c search_path={schema}", "connect_timeout": 5},
        timeout=POOL_WAIT_SECONDS,
        check=ConnectionPool.check_connection,
        open=True,
    )
    source = LogSource(conninfo=conninfo, schema=schema, events_table=EVENTS_TABLE, mapper=app.mapper)
    clock = clock_for(settings, source.connect)
    broker = broker_setup.make_broker(settings.redis_url)
    users, identity = wire_identity(settings, app, pool, clock)
    email = wire_email(settings, app, pool, broker, clock, identity)
    groups = CommandGroups(app)
    wired = wire_processes(settings, pool, source, clock, groups, email)
    return Container(
        settings=settings,
        conninfo=conninfo,
        app=app,
        pool=pool,
        source=source,
        projections=all_projections(),
        leads=LeadCommands(app),
        broker=broker,
        users=users,
        emails=email.emails,
        identity=identity,
        processes=wired.processes,
        email_actor=email.actor,
        enqueue_email=email.enqueue,
        clock=clock,
        deadlines=wired.deadlines,
        timers=wired.timers,
        groups=groups,
        embedded=embedded,
    )
