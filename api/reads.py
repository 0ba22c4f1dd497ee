"""Read-your-writes: a read waits (bounded) until its view has applied a position.

The wait polls the view's position on the request's own connection: a read never
holds one pooled connection while asking for another, so a burst of waiting reads
larger than the pool queues for connections instead of deadlocking on them.
"""

from __future__ import annotations

import time
from typing import Annotated, Any

from fastapi import Query
from psycopg import Connection

from api.problems import ProblemError
from api.services import Services
from projections.engine.catalog import active_position
from projections.engine.runner import head_position

MinPosition = Annotated[
    int | None, Query(ge=0, description="Wait (bounded) until the view has applied this log position.")
]
_FIRST_DELAY, _MAX_DELAY = 0.005, 0.1


def wait_for_view(conn: Connection[Any], container: Services, view: str, min_position: int | None) -> None:
    """Return once ``view`` has applied ``min_position``; 422 beyond the log's head, 503 after the bound."""
    if not min_position:
        return
    head = head_position(conn, container.source)
    if min_position > head:
        # No command ever answered with this position: waiting would only tie up a worker.
        detail = (
            f"Position {min_position} is beyond the newest event in the log ({head}). "
            "Pass the position a command answered with."
        )
        raise ProblemError(422, "Unknown position", detail)
    timeout = container.settings.read_wait_timeout
    deadline = time.monotonic() + timeout
    delay = _FIRST_DELAY
    while (reached := active_position(conn, view)) is None or reached < min_position:
        if time.monotonic() >= deadline:
            detail = (
                f"The {view.replace('_', ' ')} view has not reached position {min_position} yet "
                f"(it is at {reached or 0}) after waiting {timeout:g}s. Retry shortly."
            )
            raise ProblemError(503, "View not caught up", detail, headers={"Retry-After": "1"})
        time.sleep(delay)  # the runner commits in batches: back off while it catches up
        delay = min(delay * 2, _MAX_DELAY)
