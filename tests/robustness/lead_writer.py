"""A writer of lead history, run in a thread or as its own process.

Each writer registers leads and works them (notes, status moves) through the
real container, and reports what it wrote so a test can check nothing was lost.

As a process: ``python -m tests.robustness.lead_writer URL SCHEMA WRITER LEADS STEPS``
prints one JSON line ``{"lead id": version, ...}``.
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from baton.container import Container, build
from baton.settings import Settings
from domain.context import Actor, CommandContext
from domain.leads import LeadStatus, NewLead

FORWARD = [LeadStatus.CONTACTED, LeadStatus.QUALIFIED, LeadStatus.PROPOSAL_SENT, LeadStatus.CONVERTED]
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def write_leads(container: Container, writer: int, leads: int, steps: int) -> dict[str, int]:
    """Register ``leads`` leads, give each ``steps`` more events; return id -> final version."""
    actor = Actor.user(f"{writer:032x}", "employee")
    written: dict[str, int] = {}
    for n in range(leads):
        ctx = CommandContext(actor=actor, now=T0 + timedelta(seconds=writer * 10_000 + n))
        result = container.leads.register(
            ctx,
            NewLead(name=f"Writer {writer} lead {n}", company=f"Company {n}", source=f"w{writer}", notes="first call"),
        )
        for step in range(steps):
            # A status move every third step while the pipeline allows it, notes otherwise.
            move = step % 3 == 2 and step // 3 < len(FORWARD)
            if move:
                result = container.leads.change_status(ctx, result.id, FORWARD[step // 3])
            else:
                result = container.leads.add_note(ctx, result.id, f"note {step} by writer {writer}")
        written[str(result.id)] = result.version
    return written


def writer_settings(database_url: str, schema: str) -> Settings:
    return Settings(
        database_url=database_url,
        database_schema=schema,
        data_dir=Path("var/test"),
        db_pool_size=2,
        _env_file=None,  # type: ignore[call-arg]
    )


def main(argv: list[str]) -> None:
    database_url, schema, writer, leads, steps = argv
    container = build(writer_settings(database_url, schema))
    try:
        written = write_leads(container, int(writer), int(leads), int(steps))
    finally:
        container.close()
    print(json.dumps(written))


if __name__ == "__main__":
    main(sys.argv[1:])
