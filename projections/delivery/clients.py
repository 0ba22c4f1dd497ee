"""The client directory: one row per client with its contacts, and its onboarding checklist.

The checklist reuses the domain's fold (``domain.delivery.onboarding``): every
event that proves a step appends a tick keyed by client and step, and the
table keeps the first (a repeat is ignored), as ``Checklist.tick`` does. Steps
proved on a project or a task find their client through the project's row here.
"""

from __future__ import annotations

import json
from typing import Any
from uuid import UUID

from domain.clients import Client
from domain.delivery.onboarding import proof_of
from domain.projects import Project
from domain.tasks import Task
from domain.users import User
from projections.engine import Appends, Column, Entities, Fold, Projection, handles
from projections.engine import position_column as position
from projections.engine import version_column as version

CLIENTS = Entities(
    "client_list",
    (
        Column("id", "uuid"),
        Column("company_name", "text", changes=True),
        Column("address", "text", changes=True),
        Column("billing_email", "text", changes=True),
        Column("account_manager_id", "text", changes=True),
        Column("lead_id", "text"),
        Column("primary_contact_id", "text", changes=True, default=""),
        # Contacts as a JSON list of {id, name, email, phone, job_title, user_id}, in the order added.
        Column("contacts", "text", changes=True, default="[]"),
        Column("contacts_count", "integer", changes=True, default=0),
        Column("created_at", "timestamptz"),
        Column("updated_at", "timestamptz", changes=True),
        Column("created_by", "text"),
        version(),
        position(),
    ),
    indexes=("(company_name, id)", "(updated_at, id)", "(account_manager_id)"),
)

# Which client each project is for: how a step proved on a project or task finds its client.
PROJECT_CLIENTS = Entities(
    "client_project_links",
    (Column("id", "uuid"), Column("client_id", "text"), version()),
)

ONBOARDING = Appends(
    "client_onboarding",
    (
        Column("client_id", "text"),
        Column("step", "text"),
        Column("at", "timestamptz"),
        Column("actor_id", "text"),
        Column("actor_role", "text"),
        Column("topic", "text"),
        Column("record_id", "text"),
    ),
    key=("client_id", "step"),
)

DETAIL_FIELDS = ("company_name", "address", "billing_email")


class ClientDirectory(Projection):
    """Clients with their contacts and onboarding checklist."""

    name = "client_directory"
    version = 1
    tables = (CLIENTS, PROJECT_CLIENTS, ONBOARDING)

    @handles(Client.Created)
    def created(self, fold: Fold, e: Client.Created) -> None:
        fold.insert(
            CLIENTS,
            e,
            company_name=e.company_name,
            address=e.address,
            billing_email=e.billing_email,
            account_manager_id=e.account_manager_id,
            lead_id=e.lead_id,
            created_at=e.timestamp,
            created_by=e.actor_id,
        )
        _tick(fold, e)

    @handles(Client.DetailsChanged)
    def details_changed(self, fold: Fold, e: Client.DetailsChanged) -> None:
        if (row := fold.update(CLIENTS, e)) is not None:
            row.update({k: v for k, v in e.changes.items() if k in DETAIL_FIELDS})

    @handles(Client.AccountManagerChanged)
    def manager_changed(self, fold: Fold, e: Client.AccountManagerChanged) -> None:
        if (row := fold.update(CLIENTS, e)) is not None:
            row["account_manager_id"] = e.to_manager_id

    @handles(Client.ContactAdded)
    def contact_added(self, fold: Fold, e: Client.ContactAdded) -> None:
        if (row := fold.update(CLIENTS, e)) is not None:
            contact = {"id": e.contact_id, "name": e.name, "email": e.email, "phone": e.phone}
            _contacts(row, [*_read(row), {**contact, "job_title": e.job_title, "user_id": ""}])

    @handles(Client.ContactChanged)
    def contact_changed(self, fold: Fold, e: Client.ContactChanged) -> None:
        if (row := fold.update(CLIENTS, e)) is not None:
            _contacts(row, [{**c, **e.changes} if c["id"] == e.contact_id else c for c in _read(row)])

    @handles(Client.ContactRemoved)
    def contact_removed(self, fold: Fold, e: Client.ContactRemoved) -> None:
        if (row := fold.update(CLIENTS, e)) is not None:
            _contacts(row, [c for c in _read(row) if c["id"] != e.contact_id])

    @handles(Client.PrimaryContactSet)
    def primary_set(self, fold: Fold, e: Client.PrimaryContactSet) -> None:
        if (row := fold.update(CLIENTS, e)) is not None:
            row["primary_contact_id"] = e.contact_id
        _tick(fold, e)

    @handles(Client.PrimaryContactDemoted)
    def primary_demoted(self, fold: Fold, e: Client.PrimaryContactDemoted) -> None:
        if (row := fold.update(CLIENTS, e)) is not None:
            row["primary_contact_id"] = ""

    @handles(Client.ContactInvited)
    def contact_invited(self, fold: Fold, e: Client.ContactInvited) -> None:
        if (row := fold.update(CLIENTS, e)) is not None:
            _contacts(row, [{**c, "user_id": e.user_id} if c["id"] == e.contact_id else c for c in _read(row)])
        _tick(fold, e)

    @handles(Project.Created)
    def project_created(self, fold: Fold, e: Project.Created) -> None:
        fold.insert(PROJECT_CLIENTS, e, client_id=e.client_id)
        _tick(fold, e)

    @handles(User.Invited, Project.MemberAdded, Project.NoteAdded, Task.Created)
    def proves_a_step(self, fold: Fold, e: object) -> None:
        _tick(fold, e)


def _read(row: dict[str, Any]) -> list[dict[str, str]]:
    contacts: list[dict[str, str]] = json.loads(row["contacts"])
    return contacts


def _contacts(row: dict[str, Any], contacts: list[dict[str, str]]) -> None:
    row.update(contacts=json.dumps(contacts), contacts_count=len(contacts))


def _tick(fold: Fold, event: object) -> None:
    """Append the onboarding tick ``event`` proves, if any, to its client's checklist (the first one stays)."""
    proof = proof_of(event)
    if proof is None:
        return
    client_id = proof.client_id
    if not client_id:
        try:
            link = fold.row(PROJECT_CLIENTS, UUID(proof.project_id))
        except ValueError:
            return
        client_id = link["client_id"] if link is not None else ""
    if client_id:
        tick = proof.tick
        fold.append(
            ONBOARDING,
            client_id=client_id,
            step=tick.step.value,
            at=tick.at,
            actor_id=tick.actor_id,
            actor_role=tick.actor_role,
            topic=tick.topic,
            record_id=tick.record_id,
        )
