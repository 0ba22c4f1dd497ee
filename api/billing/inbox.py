"""The payment inbox (admins): money no invoice could take, and Stripe's deliveries with what Baton did."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated
from uuid import UUID

from fastapi import Query, Response, status
from pydantic import BaseModel, Field

from api.billing.common import found
from api.billing.invoice_schemas import ReasonIn
from api.billing.money import Amount, Currency, DecimalText
from api.billing.payments import IdempotencyKey, manual
from api.contract import resource_router
from api.deps import CommandCtx, ContainerDep, ExpectedVersion, ReadConn, commands
from api.policy import ReaderScope, performs
from api.projects.values import IsoDate
from api.reads import MinPosition, wait_for_view
from api.schemas import LOCATION, CommandOut, Cursor, StrictInput, json_response, out
from domain.billing.inputs import Payment
from domain.billing.money import Money
from domain.billing.stray_payment_commands import StrayPaymentCommands
from projections.billing.payment_queries import get_stray, list_strays, list_stripe_events

router = resource_router("/stray-payments", "stray_payments")
events_router = resource_router("/webhooks/stripe/events", "stripe")
READ, MANAGE = [performs("stray_payments.read")], [performs("stray_payments.manage")]
VIEW = "payment_inbox"
Strays = Annotated[StrayPaymentCommands, commands(StrayPaymentCommands)]


class StrayPaymentCreate(StrictInput):
    """Money that arrived for no invoice you can tell (send an Idempotency-Key header)."""

    amount: Amount
    currency: Currency
    received_on: IsoDate
    reference: Annotated[str, Field(max_length=200)] = ""
    note: Annotated[str, Field(max_length=200)] = Field(default="", description="What is known about it")


class StrayPaymentOut(BaseModel):
    id: UUID
    payment_key: str
    amount: DecimalText
    currency: str
    received_on: date
    provider: str
    reference: str
    invoice_ref: str = Field(description="The invoice the payment named, as given")
    reason: str = Field(description="Why no invoice took it")
    settled: bool
    settle_note: str
    settled_by: str
    received_at: datetime
    updated_at: datetime
    version: int
    position: int


class StrayPageOut(BaseModel):
    items: list[StrayPaymentOut]
    next_cursor: str | None


class StripeEventOut(BaseModel):
    """One delivery from Stripe and what Baton did with it."""

    id: UUID
    stripe_id: str
    event_type: str
    created: datetime
    received_at: datetime
    outcome: str
    attention: bool = Field(description="An admin should look at it")
    handled_at: datetime | None
    version: int
    position: int


class StripeEventPageOut(BaseModel):
    items: list[StripeEventOut]
    next_cursor: str | None


@router.post("", status_code=status.HTTP_201_CREATED, response_model=CommandOut, dependencies=MANAGE,
             responses={201: {"headers": LOCATION}})  # fmt: skip
def keep_stray_payment(
    body: StrayPaymentCreate, key: IdempotencyKey, ctx: CommandCtx, strays: Strays, response: Response
) -> CommandOut:
    """Keep money that arrived for no invoice you can tell, until it is settled (once per Idempotency-Key)."""
    payment = Payment(Money.of(body.amount, body.currency), body.received_on, manual(key), "bank_transfer", "manual",
                      body.reference)  # fmt: skip
    result = strays.receive(ctx, payment, invoice_ref="", reason=body.note or "recorded by an admin")
    response.headers["Location"] = f"/stray-payments/{result.id}"
    return out(result)


@router.get("", response_model=StrayPageOut, dependencies=READ)
def list_stray_payments(
    container: ContainerDep,
    conn: ReadConn,
    scope: ReaderScope,
    settled: bool | None = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    cursor: Cursor = None,
    min_position: MinPosition = None,
) -> Response:
    """Payments no invoice could take (unknown or unsendable invoice), newest first."""
    wait_for_view(conn, container, VIEW, min_position)
    page = list_strays(conn, scope, settled=settled, limit=limit, cursor=cursor)
    return json_response(StrayPageOut.model_validate(page, from_attributes=True))


@router.get("/{stray_id}", response_model=StrayPaymentOut, dependencies=READ)
def read_stray_payment(
    stray_id: UUID, container: ContainerDep, conn: ReadConn, scope: ReaderScope, min_position: MinPosition = None
) -> Response:
    """One stray payment."""
    wait_for_view(conn, container, VIEW, min_position)
    return json_response(
        StrayPaymentOut.model_validate(found(get_stray(conn, scope, stray_id), "stray payment", stray_id))
    )


@router.post("/{stray_id}/settle", response_model=CommandOut, dependencies=MANAGE)
def settle_stray_payment(
    stray_id: UUID, body: ReasonIn, ctx: CommandCtx, strays: Strays, expected: ExpectedVersion
) -> CommandOut:
    """Say how a stray payment was dealt with (refunded, or recorded on which invoice)."""
    return out(strays.settle(ctx, stray_id, body.reason, expected_version=expected))


@events_router.get("", response_model=StripeEventPageOut, dependencies=[performs("stripe.events")])
def list_stripe_deliveries(
    container: ContainerDep,
    conn: ReadConn,
    scope: ReaderScope,
    attention: Annotated[
        bool | None, Query(description="Only those an admin should (true) or need not (false) see")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    cursor: Cursor = None,
    min_position: MinPosition = None,
) -> Response:
    """Stripe's deliveries, newest first, with what Baton recorded for each."""
    wait_for_view(conn, container, VIEW, min_position)
    page = list_stripe_events(conn, scope, attention=attention, limit=limit, cursor=cursor)
    return json_response(StripeEventPageOut.model_validate(page, from_attributes=True))
