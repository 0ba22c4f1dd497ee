"""A client's contacts: add, change, remove, make primary, and invite to the client portal."""

from __future__ import annotations

from uuid import UUID, uuid4

from fastapi import Response, status

from api.clients.routes import Clients
from api.clients.schemas import ContactCommandOut, ContactCreate, ContactUpdate, InvitationCommandOut
from api.contract import resource_router
from api.deps import CommandCtx, ExpectedVersion
from api.policy import performs
from api.schemas import LOCATION, CommandOut, out
from domain.clients import NewContact
from domain.users.commands import EmailTaken

router = resource_router("/clients", "clients")
WRITE = [performs("clients.write")]
INVITE = [performs("clients.invite", raises=(EmailTaken,))]


@router.post(
    "/{client_id}/contacts",
    status_code=status.HTTP_201_CREATED,
    response_model=ContactCommandOut,
    dependencies=WRITE,
    responses={201: {"headers": LOCATION}},
)
def add_contact(
    client_id: UUID,
    body: ContactCreate,
    ctx: CommandCtx,
    clients: Clients,
    expected: ExpectedVersion,
    response: Response,
) -> ContactCommandOut:
    """Add a contact (admins and the account manager); the first one becomes the primary contact."""
    contact_id = uuid4()
    contact = NewContact(name=body.name, email=body.email, phone=body.phone, job_title=body.job_title)
    result = clients.add_contact(
        ctx, client_id, contact, contact_id=contact_id, primary=body.primary, expected_version=expected
    )
    response.headers["Location"] = f"/clients/{client_id}"
    return ContactCommandOut(id=result.id, version=result.version, position=result.position, contact_id=contact_id)


@router.patch("/{client_id}/contacts/{contact_id}", response_model=CommandOut, dependencies=WRITE)
def update_contact(
    client_id: UUID,
    contact_id: UUID,
    body: ContactUpdate,
    ctx: CommandCtx,
    clients: Clients,
    expected: ExpectedVersion,
) -> CommandOut:
    """Change a contact's name, email, phone or job title."""
    changes = {k: v for k, v in body.model_dump(exclude_unset=True).items() if v is not None}
    return out(clients.change_contact(ctx, client_id, contact_id, expected_version=expected, **changes))


@router.delete("/{client_id}/contacts/{contact_id}", response_model=CommandOut, dependencies=WRITE)
def remove_contact(
    client_id: UUID, contact_id: UUID, ctx: CommandCtx, clients: Clients, expected: ExpectedVersion
) -> CommandOut:
    """Remove a contact (the primary one only when it is the last; make another primary first)."""
    return out(clients.remove_contact(ctx, client_id, contact_id, expected_version=expected))


@router.post("/{client_id}/contacts/{contact_id}/primary", response_model=CommandOut, dependencies=WRITE)
def make_primary_contact(
    client_id: UUID, contact_id: UUID, ctx: CommandCtx, clients: Clients, expected: ExpectedVersion
) -> CommandOut:
    """Make a contact the primary one; the previous primary contact is demoted (both recorded)."""
    return out(clients.make_primary(ctx, client_id, contact_id, expected_version=expected))


@router.post(
    "/{client_id}/contacts/{contact_id}/invite",
    status_code=status.HTTP_201_CREATED,
    response_model=InvitationCommandOut,
    dependencies=INVITE,
    responses={201: {"headers": LOCATION}},
)
def invite_contact(
    client_id: UUID,
    contact_id: UUID,
    ctx: CommandCtx,
    clients: Clients,
    expected: ExpectedVersion,
    response: Response,
) -> InvitationCommandOut:
    """Invite a contact to the client portal (admins): a client user of this client, emailed a sign-up link."""
    user_id = uuid4()
    result = clients.invite_contact(ctx, client_id, contact_id, user_id=user_id, expected_version=expected)
    response.headers["Location"] = f"/users/{user_id}"
    return InvitationCommandOut(id=result.id, version=result.version, position=result.position, user_id=user_id)
