"""`baton admin ...`: account administration from the command line."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console

from baton.container import build
from baton.settings import Settings
from domain.errors import DomainError

admin_cli = typer.Typer(help="Administer accounts.", no_args_is_help=True)
console = Console()


@admin_cli.command("create")
def create_admin(
    email: Annotated[str, typer.Option(help="The admin's email address.")],
    name: Annotated[str, typer.Option(help="The admin's full name.")],
) -> None:
    """Create an admin account and print its single-use setup link (valid 48 hours)."""
    container = build(Settings())
    try:
        user_id, link = container.identity.invitations.create_admin(email, name)
    except DomainError as exc:
        console.print(f"[red]{exc.detail}[/]")
        raise typer.Exit(1) from None
    finally:
        container.close()
    console.print(f"Admin {email} created (id {user_id}).")
    console.print("Open this single-use link within 48 hours to set the password, then sign in and set up MFA:")
    # Printed plainly so it can be copied whole, whatever the terminal width.
    print(link)
