"""`baton serve`: the API in one or more processes, the log followers in a supervised child.

Requests and the projection runners no longer share a GIL: the runners, process
managers, deadlines and email actors run in `baton worker`, which the server
starts and restarts (``baton.supervisor``) unless told ``--no-workers`` (then a
deployment runs `baton worker` itself, anywhere). ``--workers N`` serves the API
from N processes (uvicorn's own manager), each building its app from the
environment with ``<factory>.create``; one process uses the container built here.
"""

from __future__ import annotations

import importlib
import logging
import os
from collections.abc import Callable

from baton.container import Container, build
from baton.http_server import uvicorn_options
from baton.settings import Settings
from baton.supervisor import WorkerSupervisor

# A module with ``app_for(container)`` and ``create()`` (from the environment): the production app.
APP_FACTORY = "baton.asgi"

log = logging.getLogger(__name__)


# How long the server waits for its worker child to follow the log before serving anyway.
WORKER_READY_TIMEOUT = 60.0


def run(  # noqa: PLR0913
    settings: Settings,
    *,
    host: str,
    port: int,
    workers: int = 1,
    run_workers: bool = True,
    factory: str = APP_FACTORY,
    before_serving: Callable[[Container], None] | None = None,
) -> None:
    """Serve the API until stopped; with ``run_workers``, the log followers in a supervised child."""
    import uvicorn

    # The child sends the emails: its links must point where this server listens.
    child_env = {"BATON_PUBLIC_URL": settings.public_url}
    supervisor: WorkerSupervisor | None = None
    if run_workers and settings.database_url:
        # The child needs nothing this process builds: both start at once (start-up DDL is serialised).
        supervisor = WorkerSupervisor(child_env)
        supervisor.start()
    try:
        container = build(settings)
    except BaseException:
        if supervisor is not None:
            supervisor.stop()
        raise
    module = importlib.import_module(factory)
    try:
        if run_workers and supervisor is None:
            # An embedded database: the child uses the one this process started.
            supervisor = WorkerSupervisor({**child_env, "BATON_DATABASE_URL": container.conninfo})
            supervisor.start()
        if before_serving is not None:
            before_serving(container)
        if supervisor is not None and not supervisor.wait_ready(WORKER_READY_TIMEOUT):
            log.warning("the worker process is not following the log yet; serving anyway")
        # Trusted proxies only, no server banner, no link tokens in the access log (baton/http_server.py).
        options = uvicorn_options(settings)
        if workers <= 1:
            uvicorn.run(module.app_for(container), host=host, port=port, **options)
        else:
            # Each API process builds its own container from the environment, on the same database.
            os.environ["BATON_DATABASE_URL"] = container.conninfo
            os.environ["BATON_PUBLIC_URL"] = settings.public_url
            uvicorn.run(f"{factory}:create", factory=True, host=host, port=port, workers=workers, **options)
    finally:
        if supervisor is not None:
            supervisor.stop()
        # Last: the child has stopped by now, and an embedded database may stop with this container.
        container.close()
