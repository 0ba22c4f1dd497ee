"""Wires the process managers and the deadline runner, and starts their threads.

A new process manager adds one line to ``processes/registry.py``; it is built here
from the one ``ProcessKit`` and its deadline handlers come from its ``timers()``.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from psycopg_pool import ConnectionPool

from api.identity.keys import load_secret
from baton.email_wiring import EmailWiring
from baton.settings import Settings
from domain.clock import Clock
from processes import manager
from processes.kit import Commands, ProcessKit
from processes.manager import ProcessManager, ProcessRunner
from processes.registry import PROCESSES
from processes.timers import DeadlineRunner, Deadlines, TimerHandlers
from processes.timers import ensure_schema as ensure_deadlines_schema
from projections.engine.follower import LogSource
from projections.engine.watcher import LogWatcher


@dataclass
class ProcessWiring:
    """The process managers, the deadlines they schedule, and the runner that fires them."""

    processes: list[ProcessManager]
    deadlines: Deadlines
    timers: DeadlineRunner


def timer_handlers(processes: list[ProcessManager]) -> TimerHandlers:
    """The handler of every deadline purpose, as each process manager declares them."""
    handlers = TimerHandlers()
    for process in processes:
        for purpose, handler in process.timers().items():
            handlers.register(purpose, handler)
    return handlers


def wire_processes(
    settings: Settings,
    pool: ConnectionPool[Any],
    source: LogSource,
    clock: Clock,
    commands: Commands,
    email: EmailWiring,
) -> ProcessWiring:
    """Build every registered process manager from one kit, and the runner that fires their deadlines."""
    with pool.connection() as conn:
        manager.ensure_schema(conn)
        ensure_deadlines_schema(conn)
    deadlines = Deadlines(pool, clock, settings.database_schema)
    kit = ProcessKit(
        commands=commands,
        clock=clock,
        deadlines=deadlines,
        enqueue_email=email.enqueue,
        email_resend_after=timedelta(seconds=settings.email_sweep_interval),
        settings=settings,
        pool=pool,
        secret_key=load_secret(settings.secret_key, settings.data_dir),
    )
    processes = [process.build(kit) for process in PROCESSES]
    timers = DeadlineRunner(
        source.connect,
        settings.database_schema,
        timer_handlers(processes),
        clock,
        poll_interval=settings.timer_poll_interval,
    )
    return ProcessWiring(processes, deadlines, timers)


def start_processes(
    processes: list[ProcessManager],
    timers: DeadlineRunner,
    source: LogSource,
    settings: Settings,
    stop: threading.Event,
    watcher: LogWatcher | None = None,
) -> list[threading.Thread]:
    """Follow the log with every process manager, and fire deadlines as they fall due, each on a thread."""
    targets = [
        (f"process-{p.name}", ProcessRunner(p, source, idle_wait=settings.projection_idle_wait, watcher=watcher).run)
        for p in processes
    ]
    targets.append(("deadlines", timers.run))
    threads = [threading.Thread(target=run, args=(stop,), name=name, daemon=True) for name, run in targets]
    for thread in threads:
        thread.start()
    return threads
