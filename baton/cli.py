"""The `baton` command line."""

from __future__ import annotations

import json
import logging
import signal
import sys
from typing import Annotated, Any
from uuid import UUID

import typer
from rich.console import Console
from rich.table import Table

from baton import embedded_db
from baton.admin_cli import admin_cli
from baton.container import build
from baton.settings import Settings, StartupRefused
from baton.timers_cli import timers_cli

app = typer.Typer(help="Baton: the event-sourced operations core of a digital agency.", no_args_is_help=True)
projections_cli = typer.Typer(help="Inspect and rebuild read models.", no_args_is_help=True)
db_cli = typer.Typer(help="Manage the embedded PostgreSQL server.", no_args_is_help=True)
app.add_typer(projections_cli, name="projections")
app.add_typer(db_cli, name="db")
docs_cli = typer.Typer(help="Generate documentation from the code.", no_args_is_help=True)
app.add_typer(docs_cli, name="docs")
app.add_typer(admin_cli, name="admin")
app.add_typer(timers_cli, name="timers")
console = Console()


def _logging(settings: Settings) -> None:
    logging.basicConfig(level=settings.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")


@app.command()
def serve(
    demo: Annotated[bool, typer.Option(help="Load a sample agency into an empty log.")] = False,
    host: Annotated[str | None, typer.Option(help="Interface to listen on.")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on.")] = None,
    workers: Annotated[int, typer.Option(min=1, help="API processes (each with its own connection pools).")] = 1,
    run_workers: Annotated[
        bool,
        typer.Option(
            "--run-workers/--no-workers",
            help="Run the projection runners, process managers and actors in a child process this command "
            "supervises; --no-workers leaves them to a `baton worker` of their own.",
        ),
    ] = True,
) -> None:
    """Run the API, and (in a supervised child process) the projection runners and background worker."""
    from baton import serving

    # Links in emails and pages point at this server: by default the address it listens on.
    settings = Settings().listening_on(host, port)
    _logging(settings)
    host, port = settings.host, settings.port

    def announce(container: Any) -> None:
        if demo:
            from baton.demo import start_demo

            for line in start_demo(container):
                print(line)  # plain, so tokens are never wrapped
        console.print(f"Baton API:  http://{host}:{port}/")
        console.print(f"API docs:   http://{host}:{port}/docs")

    serving.run(settings, host=host, port=port, workers=workers, run_workers=run_workers, before_serving=announce)


@app.command()
def worker() -> None:
    """Run projection runners, process managers, deadlines and background actors, without the API."""
    from baton.supervisor import die_with_parent, report_ready

    signal.signal(signal.SIGTERM, _raise_stopped)
    signal.signal(signal.SIGINT, _raise_stopped)
    container = None
    try:
        die_with_parent()  # when `baton serve` started this process, it ends with it
        settings = Settings()
        _logging(settings)
        container = build(settings)
        container.start_runners()
        container.start_worker()
        report_ready()
        console.print("Baton worker running; Ctrl-C to stop.")
        while True:
            signal.pause()  # until SIGTERM or SIGINT raises _Stopped
    except _Stopped:
        pass
    finally:
        if container is not None:
            container.close()


class _Stopped(Exception):
    """SIGTERM or SIGINT arrived: the worker stops."""


def _raise_stopped(signum: int, frame: object) -> None:
    # Raised in the main thread, which then closes the container. A handler that set a threading.Event instead
    # deadlocked when a second signal (the server's SIGTERM after the one sent on its death) landed inside the
    # first handler's Event.set(): the worker never stopped and held its locks and connections.
    for stop_signal in (signal.SIGTERM, signal.SIGINT):
        signal.signal(stop_signal, signal.SIG_IGN)
    raise _Stopped


@projections_cli.command("status")
def projections_status(as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """Show each projection's generation, position, lag and last error."""
    from projections.engine import catalog

    container = build(Settings())
    try:
        head = container.head()
        with container.pool.connection() as conn:
            gens = [g for g in catalog.generations(conn) if g.status != "retired"]
    finally:
        container.close()
    rows: list[dict[str, Any]] = [
        {
            "name": g.name,
            "generation": g.generation,
            "version": g.version,
            "status": g.status,
            "position": g.position,
            "lag": max(head - g.position, 0),
            "last_error": g.last_error,
        }
        for g in gens
    ]
    if as_json:
        print(json.dumps({"head": head, "projections": rows}))
        return
    table = Table(title=f"Projections (log head: {head})")
    for column in ("name", "generation", "version", "status", "position", "lag", "last error"):
        table.add_column(column)
    for r in rows:
        table.add_row(
            r["name"],
            str(r["generation"]),
            str(r["version"]),
            r["status"],
            str(r["position"]),
            str(r["lag"]),
            r["last_error"] or "",
        )
    console.print(table)


@projections_cli.command("rebuild")
def projections_rebuild(name: Annotated[str, typer.Argument(help="Projection to rebuild, e.g. lead_pipeline")]) -> None:
    """Rebuild a projection from position 0 aside, then swap it in."""
    from baton.rebuild import rebuild

    container = build(Settings())
    try:
        try:
            container.projection(name)
        except KeyError as exc:
            console.print(f"[red]{exc.args[0]}[/]")
            raise typer.Exit(2) from None
        if not rebuild(container, name, console):
            raise typer.Exit(1)
    finally:
        container.close()


@app.command()
def audit(aggregate_id: Annotated[str, typer.Argument(help="Id of the record")]) -> None:
    """Print every event recorded for one record."""
    from api.routes.audit import describe

    try:
        uid = UUID(aggregate_id)
    except ValueError:
        console.print(f"[red]'{aggregate_id}' is not a valid id (expected a UUID).[/]")
        raise typer.Exit(2) from None
    container = build(Settings())
    try:
        events = list(container.app.events.get(uid))
    finally:
        container.close()
    if not events:
        console.print(f"Nothing recorded for {uid}.")
        raise typer.Exit(1)
    table = Table(title=f"History of {uid}")
    for column in ("version", "time", "event", "actor", "correlation", "data"):
        table.add_column(column)
    for e in events:
        d = describe(e)
        table.add_row(
            str(d.version),
            d.time.isoformat(timespec="seconds"),
            d.topic,
            f"{d.actor.role}:{d.actor.id}",
            d.correlation_id[:12],
            json.dumps(d.data)[:120],
        )
    console.print(table)


@db_cli.command("start")
def db_start() -> None:
    """Start the embedded server and leave it running."""
    server = embedded_db.start(Settings().data_dir, keep_running=True)
    console.print(embedded_db.url(server))


@db_cli.command("stop")
def db_stop() -> None:
    """Stop the embedded server."""
    stopped = embedded_db.stop(Settings().data_dir)
    console.print("Stopped." if stopped else "The embedded server was not running.")


@db_cli.command("url")
def db_url() -> None:
    """Print the connection URL of the embedded server (starting it if needed)."""
    server = embedded_db.start(Settings().data_dir, keep_running=True)
    console.print(embedded_db.url(server))


@docs_cli.command("events")
def docs_events(
    check: Annotated[bool, typer.Option("--check", help="Only report whether docs/events.md is current.")] = False,
) -> None:
    """Write the event catalogue (docs/events.md) from the domain's event classes."""
    from baton.event_catalogue import main as catalogue_main

    raise typer.Exit(catalogue_main(["--check"] if check else []))


@docs_cli.command("settings")
def docs_settings(
    check: Annotated[bool, typer.Option("--check", help="Only report whether the table is current.")] = False,
) -> None:
    """Write the settings table in docs/operations.md from baton/settings.py."""
    from baton.settings_reference import main as reference_main

    raise typer.Exit(reference_main(["--check"] if check else []))


def main() -> None:
    try:
        app()
    except StartupRefused as exc:
        print(f"Baton did not start: {exc}", file=sys.stderr)  # plain: never wrapped
        raise SystemExit(2) from None


if __name__ == "__main__":
    main()
