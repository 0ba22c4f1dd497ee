"""A small sample agency, so a fresh `baton serve --demo` has something to show.

The demo admin's password is made when the demo is loaded, printed once and kept in
``<data_dir>/demo-admin.txt`` (readable by its owner only): no password ships with Baton.
"""

from __future__ import annotations

import os
from pathlib import Path

import pyotp

from api.identity.provision import provision_user
from baton.container import Container
from domain.context import Actor, CommandContext
from domain.leads import LeadStatus, NewLead
from domain.users import Role

DEMO_ADMIN_EMAIL = "admin@demo.example"
CREDENTIALS_FILE = "demo-admin.txt"

_LEADS = [
    ("Dana Whitfield", "Northwind Outfitters", "dana@northwind.example", "website", [LeadStatus.CONTACTED]),
    (
        "Ravi Menon",
        "Blue Harbor Clinics",
        "ravi@blueharbor.example",
        "referral",
        [LeadStatus.CONTACTED, LeadStatus.QUALIFIED],
    ),
    (
        "Lena Ortiz",
        "Cobalt Coffee Co.",
        "lena@cobalt.example",
        "event",
        [LeadStatus.CONTACTED, LeadStatus.QUALIFIED, LeadStatus.PROPOSAL_SENT],
    ),
    ("Sam Okafor", "Tidewater Logistics", "sam@tidewater.example", "website", []),
    (
        "Mira Jensen",
        "Fjord Furniture",
        "mira@fjord.example",
        "referral",
        [LeadStatus.CONTACTED, LeadStatus.QUALIFIED, LeadStatus.PROPOSAL_SENT, LeadStatus.CONVERTED],
    ),
]


def load_demo(container: Container) -> int:
    """Record the sample leads unless the log already has events; returns how many were added."""
    if container.head() > 0:
        return 0
    ctx = CommandContext(actor=Actor.system("demo"), now=container.clock.now(), correlation_id="demo-seed")
    for name, company, email, source, path in _LEADS:
        lead = container.leads.register(ctx, NewLead(name=name, company=company, email=email, source=source))
        for step in path:
            container.leads.change_status(ctx, lead.id, step)
    lost = container.leads.register(ctx, NewLead(name="Theo Brandt", company="Brandt Bakery", source="cold call"))
    container.leads.change_status(ctx, lost.id, LeadStatus.LOST, reason="Chose an in-house developer")
    return len(_LEADS) + 1


def start_demo(container: Container) -> list[str]:
    """Load the demo into an empty log with its admin, and say how to sign in (what to print)."""
    credentials = Path(container.settings.data_dir) / CREDENTIALS_FILE
    added = load_demo(container)
    if not added:
        return already_loaded(container, credentials)
    admin = provision_user(container.identity, role=Role.ADMIN, email=DEMO_ADMIN_EMAIL, name="Demo Admin")
    uri = pyotp.TOTP(admin.totp_secret).provisioning_uri(name=admin.email, issuer_name="Baton demo")
    sign_in = [
        f"Demo admin: {admin.email} / {admin.password}",
        f"  authenticator (TOTP) URI: {uri}",
    ]
    _keep(credentials, sign_in)
    return [
        f"Demo agency loaded ({added} leads).",
        *sign_in,
        f"  bearer token (valid while used, 8 h idle): {admin.token}",
        f"  (the password and TOTP URI are kept in {credentials}; they are shown only now)",
    ]


def already_loaded(container: Container, credentials: Path) -> list[str]:
    """What a second `make run` says: the demo is there, how to sign in again, how to start over."""
    lines = [f"The demo agency is already loaded ({container.head()} events in the log): nothing was added."]
    if credentials.exists():
        lines.append(
            f"Sign in as {DEMO_ADMIN_EMAIL}: the password and authenticator (TOTP) URI are in {credentials} "
            f"(cat {credentials})."
        )
    else:
        lines.append(f"The demo admin's sign-in file {credentials} is gone: start over to get a new one.")
    if container.settings.database_url:
        lines.append("To start over: empty the database schema (BATON_DATABASE_SCHEMA) and run `make run` again.")
    else:
        lines.append("To start over: stop the server, run `make reset-demo` (deletes ./var), then `make run`.")
    return lines


def _keep(path: Path, lines: list[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write("\n".join(lines) + "\n")
