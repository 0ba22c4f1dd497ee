"""`baton timers`: see the deadlines processes have scheduled, and fire the due ones by hand."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from baton.container import Container, build
from baton.settings import Settings
from processes.timers import Deadline, Firing

timers_cli = typer.Typer(help="Deadlines: commands process managers scheduled for a time.", no_args_is_help=True)
console = Console()
STATUSES = ("scheduled", "fired", "cancelled", "failed")


def _at(value: datetime | None) -> str:
    return value.astimezone(UTC).isoformat(timespec="seconds") if value else ""


def parse_time(text: str) -> datetime:
    """An ISO 8601 date and time; one without a timezone is taken as UTC."""
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(f"'{text}' is not an ISO 8601 time, e.g. 2026-03-02T09:00:00Z") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def deadline_table(title: str, deadlines: list[Deadline], outcomes: list[str] | None = None) -> Table:
    table = Table(title=title)
    for column in ("id", "purpose", "subject", "due", "status", "attempts"):
        table.add_column(column)
    table.add_column("outcome" if outcomes is not None else "last error")
    for n, d in enumerate(deadlines):
        last = outcomes[n] if outcomes is not None else (d.last_error or "")
        table.add_row(str(d.id), d.purpose, d.subject, _at(d.due_at), d.status, str(d.attempts), last[:80])
    return table


@timers_cli.command("list")
def timers_list(
    status: Annotated[str | None, typer.Option(help=f"Only deadlines in this status: {', '.join(STATUSES)}.")] = None,
    limit: Annotated[int, typer.Option(min=1, help="Show at most this many, soonest due first.")] = 100,
) -> None:
    """List deadlines, soonest due first: id, purpose, subject, due time, status and attempts."""
    if status is not None and status not in STATUSES:
        raise typer.BadParameter(f"status must be one of {', '.join(STATUSES)}", param_hint="--status")
    container = build(Settings())
    try:
        now = container.clock.now()
        deadlines = container.deadlines.listing(status, limit)
    finally:
        container.close()
    console.print(deadline_table(f"Deadlines (now: {_at(now)})", deadlines))


@timers_cli.command("run-due")
def timers_run_due(
    now: Annotated[
        str | None,
        typer.Option(help="Fire what is due at this ISO 8601 time instead of the deployment's clock."),
    ] = None,
) -> None:
    """Fire every deadline due now (or at --now) that no running server is firing, and print what fired.

    Safe while servers run: each deadline fires once, whoever gets to it. The
    commands it issues carry the clock's real time; --now only picks what is due.
    """
    container = build(Settings())
    try:
        at = parse_time(now) if now else container.clock.now()
        firings = _fire(container, at)
        # As they are now: fired, or scheduled again by their handler.
        current = [container.deadlines.get(f.deadline.id) or f.deadline for f in firings]
    finally:
        container.close()
    if not firings:
        console.print(f"Nothing was due at {_at(at)}.")
        return
    table = deadline_table(f"Fired what was due at {_at(at)}", current, [f.outcome for f in firings])
    console.print(table)
    if any(f.outcome != "fired" for f in firings):
        raise typer.Exit(1)


def _fire(container: Container, at: datetime) -> list[Firing]:
    # Without Redis the broker lives in this process: run its actors until what the handlers queued is done.
    in_process = container.settings.redis_url is None
    if in_process:
        container.start_worker()
    firings = container.timers.run_due(at)
    if in_process:
        for queue in container.broker.get_declared_queues():
            container.broker.join(queue, timeout=30_000)
    return firings
