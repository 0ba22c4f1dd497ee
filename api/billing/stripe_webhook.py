"""Stripe's webhook: a signed event is verified with the Stripe library, recorded raw once per event id, and
answered 200; recording the payment it reports is the Stripe payments process's job (processes/billing)."""

from __future__ import annotations

import json
import logging
from typing import Annotated, Any
from uuid import UUID

import stripe
from fastapi import Header, Request
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from api.contract import PROBLEM_REF, resource_router
from api.deps import ContainerDep, get_correlation_id
from api.policy import performs
from api.problems import PROBLEM_JSON, ProblemError
from domain.billing.stripe_event_commands import StripeEventCommands
from domain.billing.stripe_reports import report_of_body
from domain.context import Actor, CommandContext
from domain.errors import InvalidInput

log = logging.getLogger(__name__)
router = resource_router("/webhooks/stripe", "stripe")
STRIPE = Actor.system("stripe")

EVENT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "A Stripe event exactly as Stripe sends it (https://docs.stripe.com/api/events/object)",
    "required": ["id", "object", "type", "created", "data"],
    "properties": {
        "id": {"type": "string", "examples": ["evt_1NG8Du2eZvKYlo2CUI79vXWy"]},
        "object": {"const": "event"},
        "type": {"type": "string", "examples": ["payment_intent.succeeded"]},
        "created": {"type": "integer", "minimum": 0},
        "data": {"type": "object", "required": ["object"], "properties": {"object": {"type": "object"}}},
    },
}
REFUSED = {
    "description": "The signature is missing, wrong or too old, or the body is not a Stripe event: nothing was recorded",
    "content": {PROBLEM_JSON: {"schema": {"$ref": PROBLEM_REF}}},
}


class DeliveryOut(BaseModel):
    """The event as recorded: a repeat of an event already delivered records nothing and answers the same id."""

    id: UUID = Field(description="Baton's record of the event")
    stripe_id: str
    version: int
    position: int = Field(description="Where the record landed in the log; 0 for a repeat")
    repeat: bool


def refused(detail: str) -> ProblemError:
    return ProblemError(400, "Stripe event refused", detail)


@router.post(
    "",
    response_model=DeliveryOut,
    dependencies=[performs("stripe.webhook")],
    responses={400: REFUSED},
    openapi_extra={"requestBody": {"required": True, "content": {"application/json": {"schema": EVENT_SCHEMA}}}},
)
async def receive_stripe_event(
    request: Request,
    container: ContainerDep,
    stripe_signature: Annotated[
        str | None, Header(alias="Stripe-Signature", max_length=2_000, description="Stripe's signature of the body")
    ] = None,
) -> DeliveryOut:
    """Receive a Stripe event (set this URL and its signing secret in Stripe's dashboard)."""
    payload = await request.body()
    secret = container.settings.stripe_webhook_secret
    if not secret:
        raise refused("This server has no Stripe signing secret (BATON_STRIPE_WEBHOOK_SECRET); nothing was recorded.")
    try:
        # The library's own check: the HMAC of "<timestamp>.<body>" and a timestamp within five minutes.
        stripe.Webhook.construct_event(payload, stripe_signature, secret)
    except stripe.SignatureVerificationError as exc:
        raise refused(f"The Stripe-Signature header does not verify ({exc.user_message or 'bad signature'}).") from None
    except Exception:  # signed, but not something the library reads as an event: still refused, never a 500
        raise refused("The body is not a Stripe event (JSON encoded as UTF-8).") from None
    text = payload.decode("utf-8")
    try:
        envelope, _ = report_of_body(json.loads(text))
    except (InvalidInput, ValueError) as exc:
        raise refused(f"The Stripe event cannot be read: {getattr(exc, 'detail', exc)}") from None
    ctx = CommandContext(actor=STRIPE, now=container.clock.now(), correlation_id=await get_correlation_id(request))
    receive = container.commands(StripeEventCommands).receive
    delivery = await run_in_threadpool(receive, ctx, envelope.stripe_id, envelope.event_type, envelope.created, text)
    if delivery.repeat:
        log.info("Stripe delivered event %s again; nothing recorded", envelope.stripe_id)
    return DeliveryOut(
        id=delivery.result.id, stripe_id=envelope.stripe_id, version=delivery.result.version,
        position=delivery.result.position, repeat=delivery.repeat,
    )  # fmt: skip
