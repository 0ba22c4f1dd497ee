"""One of the writers of the busy lag figure: `python -m bench.lag_writer URL SCHEMA COMMANDS START_AT`.

Registers a few leads of its own, waits until ``START_AT`` (a ``time.monotonic()``
reading, the same clock in every process of the machine), then adds notes as
fast as it can, one command per transaction, like one HTTP client in a closed
loop. Prints one JSON line: ``[[position, committed_at], ...]``.
"""

from __future__ import annotations

import json
import sys
import time
from datetime import UTC, datetime

from bench.database import container_for
from domain.context import Actor, CommandContext
from domain.leads import NewLead

ACTOR = Actor.user("0" * 32, "employee")


def main() -> None:
    url, schema, commands, start_at = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
    container = container_for(url, schema)
    try:
        ctx = CommandContext(actor=ACTOR, now=datetime.now(UTC))
        targets = [container.leads.register(ctx, NewLead(name=f"Busy {i}", source="bench")).id for i in range(20)]
        time.sleep(max(0.0, start_at - time.monotonic()))
        committed = []
        for i in range(commands):
            now = CommandContext(actor=ACTOR, now=datetime.now(UTC))
            result = container.leads.add_note(now, targets[i % len(targets)], f"Busy note {i}")
            committed.append((result.position, time.monotonic()))
    finally:
        container.close()
    print(json.dumps(committed))


if __name__ == "__main__":
    main()
