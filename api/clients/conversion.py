"""Converting a qualified lead into a client: both records change in one commit."""

from __future__ import annotations

from uuid import UUID

from fastapi import Response, status

from api.clients.routes import Clients
from api.clients.schemas import LeadConversion
from api.contract import resource_router
from api.deps import CommandCtx, ExpectedVersion
from api.policy import performs
from api.schemas import LOCATION, CommandOut, out
from domain.clients import NewClient

router = resource_router("/leads", "leads")


@router.post(
    "/{lead_id}/convert",
    status_code=status.HTTP_201_CREATED,
    response_model=CommandOut,
    dependencies=[performs("leads.convert")],
    responses={201: {"headers": LOCATION}},
)
def convert_lead(
    lead_id: UUID,
    body: LeadConversion,
    ctx: CommandCtx,
    clients: Clients,
    expected: ExpectedVersion,
    response: Response,
) -> CommandOut:
    """Turn a `qualified` or `proposal_sent` lead into a client (admins); the answer names the new client.

    If-Match is the lead's version. The lead becomes `converted` and records the client; the client
    records the lead. With `lead_as_contact` the lead's person becomes the primary contact.
    """
    new = NewClient(
        company_name=body.company_name,
        account_manager_id=body.account_manager_id,
        address=body.address,
        billing_email=body.billing_email,
    )
    result = clients.convert_lead(ctx, lead_id, new, lead_as_contact=body.lead_as_contact, expected_version=expected)
    response.headers["Location"] = f"/clients/{result.id}"
    return out(result)
