"""Clients: create, list, read (also as of a version), keep details and the account manager."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import Query, Response, status

from api.clients.schemas import (
    AccountManagerChange,
    ClientAtVersionOut,
    ClientContactOut,
    ClientCreate,
    ClientDetailOut,
    ClientPageOut,
    ClientUpdate,
)
from api.contract import resource_router
from api.deps import CommandCtx, ExpectedVersion, ReadConn, commands
from api.deps import ContainerDep as Container
from api.policy import ReaderScope, performs
from api.problems import ProblemError
from api.reads import MinPosition, wait_for_view
from api.schemas import ETAG, LOCATION, NO_NUL, CommandOut, Cursor, json_response, out
from domain.clients import Client, NewClient
from domain.clients.commands import ClientCommands
from domain.errors import NotFound
from projections.delivery.client_queries import (
    ClientFilter,
    Onboarding,
    Order,
    Sort,
    client_visible,
    get_client,
    list_clients,
)

router = resource_router("/clients", "clients")
READ, WRITE = [performs("clients.read")], [performs("clients.write")]
# Creating names the account manager in the body: an unknown user is a 404 too.
CREATE = [performs("clients.create", raises=(NotFound,))]
VIEW = "client_directory"
Clients = Annotated[ClientCommands, commands(ClientCommands)]


def contacts_out(contacts: list[dict[str, Any]], primary: str) -> list[ClientContactOut]:
    return [ClientContactOut(**c, primary=c["id"] == primary) for c in contacts]


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=CommandOut,
    dependencies=CREATE,
    responses={201: {"headers": LOCATION}},
)
def create_client(body: ClientCreate, ctx: CommandCtx, clients: Clients, response: Response) -> CommandOut:
    """Create a client directly (an admin); to turn a lead into a client use POST /leads/{id}/convert."""
    result = clients.register(
        ctx,
        NewClient(
            company_name=body.company_name,
            account_manager_id=body.account_manager_id,
            address=body.address,
            billing_email=body.billing_email,
        ),
    )
    response.headers["Location"] = f"/clients/{result.id}"
    return out(result)


@router.get("", response_model=ClientPageOut, dependencies=READ)
def list_client_directory(  # noqa: PLR0913
    container: Container,
    conn: ReadConn,
    scope: ReaderScope,
    q: Annotated[str | None, Query(max_length=200, pattern=NO_NUL, description="Text in the company name")] = None,
    account_manager_id: UUID | None = None,
    onboarding: Annotated[Onboarding | None, Query(description="Only clients still onboarding, or onboarded")] = None,
    sort: Sort = "name",
    order: Order = "asc",
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    cursor: Cursor = None,
    min_position: MinPosition = None,
) -> Response:
    """List the clients you may see (admins all; employees those they manage or work for), with onboarding counts."""
    wait_for_view(conn, container, VIEW, min_position)
    f = ClientFilter(
        text=q, account_manager_id=str(account_manager_id) if account_manager_id else None, onboarding=onboarding
    )
    page = list_clients(conn, scope, f, sort=sort, order=order, limit=limit, cursor=cursor)
    items = [{**r, "contacts": contacts_out(r["contacts"], r["primary_contact_id"])} for r in page.items]
    return json_response(
        ClientPageOut.model_validate({"items": items, "next_cursor": page.next_cursor, "counts": page.counts})
    )


@router.get(
    "/{client_id}",
    response_model=ClientDetailOut | ClientAtVersionOut,
    dependencies=READ,
    responses={200: {"headers": ETAG}},
)
def read_client(
    client_id: UUID,
    container: Container,
    conn: ReadConn,
    scope: ReaderScope,
    clients: Clients,
    version: Annotated[int | None, Query(ge=1, description="Rebuild the client as it was at this version")] = None,
    min_position: MinPosition = None,
) -> Response:
    """One client with contacts, onboarding checklist and projects; with `version`, the client as it stood then."""
    wait_for_view(conn, container, VIEW, min_position)
    if version is not None:
        if not client_visible(conn, scope, client_id):
            raise ProblemError(404, "Not found", f"No client with id {client_id}.")
        client = clients.load(Client, client_id, version=version)
        contacts = [{"id": cid, **c} for cid, c in client.contacts.items()]
        at = ClientAtVersionOut(
            id=client.id,
            version=client.version,
            as_of=client.modified_on,
            company_name=client.company_name,
            address=client.address,
            billing_email=client.billing_email,
            account_manager_id=client.account_manager_id,
            lead_id=client.lead_id,
            primary_contact_id=client.primary_contact_id,
            contacts=contacts_out(contacts, client.primary_contact_id),
        )
        return json_response(at)
    row = get_client(conn, scope, client_id)
    if row is None:
        raise ProblemError(404, "Not found", f"No client with id {client_id}.")
    row["contacts"] = contacts_out(row["contacts"], row["primary_contact_id"])
    return json_response(ClientDetailOut.model_validate(row), headers={"ETag": f'"{row["version"]}"'})


@router.patch("/{client_id}", response_model=CommandOut, dependencies=WRITE)
def update_client(
    client_id: UUID, body: ClientUpdate, ctx: CommandCtx, clients: Clients, expected: ExpectedVersion
) -> CommandOut:
    """Change the company name, address or billing email (admins and the account manager)."""
    changes = {k: v for k, v in body.model_dump(exclude_unset=True).items() if v is not None}
    return out(clients.change_details(ctx, client_id, expected_version=expected, **changes))


@router.post("/{client_id}/account-manager", response_model=CommandOut, dependencies=CREATE)
def change_account_manager(
    client_id: UUID, body: AccountManagerChange, ctx: CommandCtx, clients: Clients, expected: ExpectedVersion
) -> CommandOut:
    """Give the account to another admin or employee (admins)."""
    return out(clients.change_account_manager(ctx, client_id, body.manager_id, expected_version=expected))
