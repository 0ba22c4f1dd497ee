"""The `baton` command line."""

from __future__ import annotations

import json
import logging
import signal
import threading
from typing import Annotated, Any
from uuid import UUID

import typer
from rich.console import Console
from rich.table import Table

from baton import embedded_db
from baton.admin_cli import admin_cli
from baton.container import build
from baton.settings import Settings

app = typer.Typer(help="Baton: the event-sourced operations core of a digital agency.", no_args_is_help=True)
projections_cli = typer.Typer(help="Inspect and rebuild read models.", no_args_is_help=True)
db_cli = typer.Typer(help="Manage the embedded PostgreSQL server.", no_args_is_help=True)
app.add_typer(projections_cli, name="projections")
app.add_typer(db_cli, name="db")
docs_cli = typer.Typer(help="Generate documentation from the code.", no_args_is_help=True)
app.add_typer(docs_cli, name="docs")
app.add_typer(admin_cli, name="admin")
console = Console()


def _logging(settings: Settings) -> None:
    logging.basicConfig(level=settings.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")


@app.command()
def serve(
    demo: Annotated[bool, typer.Option(help="Load a sample agency into an empty log.")] = False,
    host: Annotated[str | None, typer.Option(help="Interface to listen on.")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on.")] = None,
) -> None:
    """Run the API, the projection runners and an in-process worker."""
    import uvicorn

    from api.app import create_app

    settings = Settings()
    _logging(settings)
    container = build(settings)
    container.start_runners()
    container.start_worker()
    if demo:
        added = _load_demo(container)
        if added:
            console.print(f"[green]Demo agency loaded[/] ({added} leads).")
            from api.identity.provision import demo_admin_lines

            for line in demo_admin_lines(container.identity):
                print(line)  # plain, so tokens are never wrapped
    host = host or settings.host
    port = port or settings.port
    console.print(f"Baton API:  http://{host}:{port}/")
    console.print(f"API docs:   http://{host}:{port}/docs")
    uvicorn.run(
        create_app(container, manage_container=True), host=host, port=port, log_level=settings.log_level.lower()
    )


def _load_demo(container: object) -> int:
    from baton.demo import load_demo

    return load_demo(container)  # type: ignore[arg-type]


@app.command()
def worker() -> None:
    """Run projection runners and background actors, without the API."""
    settings = Settings()
    _logging(settings)
    container = build(settings)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    container.start_runners()
    container.start_worker()
    console.print("Baton worker running; Ctrl-C to stop.")
    stop.wait()
    container.close()


@projections_cli.command("status")
def projections_status(as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """Show each projection's generation, position, lag and last error."""
    from projections import catalog

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
    app()


if __name__ == "__main__":
    main()
