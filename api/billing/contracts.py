"""Contracts: offered by an admin from an approved proposal, accepted by the client user."""

from __future__ import annotations

from typing import Annotated, Literal
from uuid import UUID

from fastapi import Query, Response, status

from api.billing.common import at_version, etag, found, may_see_history, named_in_body
from api.billing.contract_schemas import (
    ActiveContractOut,
    ContractAtVersionOut,
    ContractCreate,
    ContractOut,
    ContractPageOut,
)
from api.billing.proposal_schemas import Withdrawal
from api.contract import resource_router
from api.deps import CommandCtx, ContainerDep, ExpectedVersion, ReadConn, commands
from api.policy import ReaderScope, performs
from api.principal import Meta
from api.projects.values import IsoDate
from api.reads import MinPosition, wait_for_view
from api.schemas import ETAG, LOCATION, NO_NUL, CommandOut, Cursor, json_response, out
from domain.billing.contract import Contract
from domain.billing.contract_commands import ContractCommands, NewContract
from domain.billing.statuses import ContractStatus, ContractType
from projections.billing.contract_queries import ContractFilter, active_contract, get_contract, list_contracts

router = resource_router("/contracts", "contracts")
READ, MANAGE, ACCEPT = [performs("contracts.read")], [performs("contracts.manage")], [performs("contracts.accept")]
VIEW = "contracts"
Contracts = Annotated[ContractCommands, commands(ContractCommands)]


@router.post(
    "", status_code=status.HTTP_201_CREATED, response_model=CommandOut, dependencies=MANAGE,
    responses={201: {"headers": LOCATION}},
)  # fmt: skip
def offer_contract(body: ContractCreate, ctx: CommandCtx, contracts: Contracts, response: Response) -> CommandOut:
    """Offer the contract of an approved proposal to its client (one per proposal)."""
    new = NewContract(
        proposal_id=str(body.proposal_id),
        contract_type=body.contract_type.value,
        start=body.start,
        support_hours_per_month=body.support_hours_per_month,
        period_months=body.period_months,
        special_agreements=body.special_agreements,
        client_id=body.client_id or "",
    )
    with named_in_body():
        result = contracts.offer(ctx, new)
    response.headers["Location"] = f"/contracts/{result.id}"
    return out(result)


@router.get("", response_model=ContractPageOut, dependencies=READ)
def list_all_contracts(  # noqa: PLR0913
    container: ContainerDep,
    conn: ReadConn,
    scope: ReaderScope,
    status_: Annotated[list[ContractStatus] | None, Query(alias="status", description="One or more statuses")] = None,
    client_id: Annotated[str | None, Query(max_length=100, pattern=NO_NUL)] = None,
    contract_type: ContractType | None = None,
    sort: Literal["offered", "updated"] = "offered",
    order: Literal["asc", "desc"] = "desc",
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    cursor: Cursor = None,
    min_position: MinPosition = None,
) -> Response:
    """List contracts (a client user: their organisation's) with counts per status."""
    wait_for_view(conn, container, VIEW, min_position)
    f = ContractFilter(
        status=[s.value for s in status_] if status_ else None,
        client_id=client_id,
        contract_type=contract_type.value if contract_type else None,
    )
    page = list_contracts(conn, scope, f, sort=sort, order=order, limit=limit, cursor=cursor)
    return json_response(ContractPageOut.model_validate(page, from_attributes=True))


@router.get("/active", response_model=ActiveContractOut, dependencies=READ)
def read_active_contract(
    container: ContainerDep,
    conn: ReadConn,
    scope: ReaderScope,
    client_id: Annotated[str, Query(min_length=1, max_length=100, pattern=NO_NUL)],
    on: Annotated[IsoDate | None, Query(description="The day (default: today, UTC)")] = None,
    min_position: MinPosition = None,
) -> ActiveContractOut:
    """The accepted contract of a client covering a day (its support hours are the monthly plan), if any."""
    wait_for_view(conn, container, VIEW, min_position)
    day = on or container.clock.now().date()
    row = active_contract(conn, client_id, day, scope)
    return ActiveContractOut(client_id=client_id, on=day, contract=ContractOut.model_validate(row) if row else None)


@router.get(
    "/{contract_id}",
    response_model=ContractOut | ContractAtVersionOut,
    dependencies=READ,
    responses={200: {"headers": ETAG}},
)
def read_contract(
    contract_id: UUID,
    container: ContainerDep,
    conn: ReadConn,
    scope: ReaderScope,
    version: Annotated[int | None, Query(ge=1, description="Rebuild the contract as it was at this version")] = None,
    min_position: MinPosition = None,
) -> Response:
    """One contract; with `version`, as it stood then."""
    if version is not None:
        c = at_version(
            container.app, scope, Contract, contract_id, version,
            what="contract", visible=lambda c: may_see_history(scope, c.client_id, True),
        )  # fmt: skip
        at = ContractAtVersionOut(
            id=c.id, version=c.version, as_of=c.modified_on, proposal_id=c.proposal_id, client_id=c.client_id,
            contract_type=ContractType(c.contract_type), start=c.start, period_months=c.period_months,
            support_hours_per_month=format(c.support_hours_per_month, "f"), special_agreements=c.special_agreements,
            status=c.status, accepted_by=c.accepted_by, accepted_at=c.accepted_at, accepted_from=c.accepted_from,
        )  # fmt: skip
        return json_response(at, headers=etag(c.version))
    wait_for_view(conn, container, VIEW, min_position)
    row = found(get_contract(conn, scope, contract_id), "contract", contract_id)
    return json_response(ContractOut.model_validate(row), headers=etag(row["version"]))


@router.post("/{contract_id}/accept", response_model=CommandOut, dependencies=ACCEPT)
def accept_contract(
    contract_id: UUID, ctx: CommandCtx, contracts: Contracts, meta: Meta, expected: ExpectedVersion
) -> CommandOut:
    """Accept the contract (a client user of its client); who, when and the address it came from are recorded."""
    return out(contracts.accept(ctx, contract_id, meta.address or "unknown", expected_version=expected))


@router.post("/{contract_id}/withdraw", response_model=CommandOut, dependencies=MANAGE)
def withdraw_contract(
    contract_id: UUID, body: Withdrawal, ctx: CommandCtx, contracts: Contracts, expected: ExpectedVersion
) -> CommandOut:
    """Withdraw an offered contract, saying why."""
    return out(contracts.withdraw(ctx, contract_id, body.reason, expected_version=expected))
