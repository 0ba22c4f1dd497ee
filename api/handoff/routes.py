"""Handoffs: start one for a project, read the board and each handoff, fill in its data, move its stages."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import Query, Response, status

from api.contract import resource_router
from api.deps import CommandCtx, ExpectedVersion, ReadConn, commands
from api.deps import ContainerDep as Container
from api.handoff.schemas import (
    CancelIn,
    ClientHandoffsOut,
    ContractAttach,
    HandoffAtVersionOut,
    HandoffDataUpdate,
    HandoffDetailOut,
    HandoffPageOut,
    HandoffStart,
    InvoiceName,
    StageChange,
)
from api.policy import ReaderScope, performs
from api.problems import ProblemError
from api.reads import MinPosition, wait_for_view
from api.schemas import ETAG, LOCATION, CommandOut, Cursor, json_response, out
from domain.errors import NotFound
from domain.handoff import DataChanges, OutstandingItem, Person, Stage
from domain.handoff.commands import HandoffCommands
from projections.engine.runner import head_position
from projections.handoff import queries

router = resource_router("/handoffs", "handoffs")
# Apart from /handoffs/{project_id}: a path there would also answer every method of a handoff.
contacts_router = resource_router("/handoff-contacts", "handoffs")
READ = [performs("handoffs.read")]
# Commands name records in the path or body (a project, a contract, an invoice): an unknown one is a 404.
WRITE = [performs("handoffs.write", raises=(NotFound,))]
CONTACTS = [performs("handoffs.contacts")]
VIEW = "handoff_board"
Handoffs = Annotated[HandoffCommands, commands(HandoffCommands)]
_CLEARABLE = ("target_launch_date", "launch_date", "hosted_by", "managed_hosting", "support_plan")


@router.post(
    "", status_code=status.HTTP_201_CREATED, response_model=CommandOut, dependencies=WRITE,
    responses={201: {"headers": LOCATION}},
)  # fmt: skip
def start_handoff(body: HandoffStart, ctx: CommandCtx, handoffs: Handoffs, response: Response) -> CommandOut:
    """Start a project's handoff to support (admins and the project's manager; one per project)."""
    result = handoffs.start(ctx, body.project_id)
    response.headers["Location"] = f"/handoffs/{body.project_id}"
    return out(result)


@router.get("", response_model=HandoffPageOut, dependencies=READ)
def handoff_board(  # noqa: PLR0913
    container: Container,
    conn: ReadConn,
    scope: ReaderScope,
    stage: Annotated[list[Stage] | None, Query(description="One or more stages")] = None,
    client_id: UUID | None = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    cursor: Cursor = None,
    min_position: MinPosition = None,
) -> Response:
    """The handoff board: every project's stage, days to launch, missing data, open items, tickets per side."""
    wait_for_view(conn, container, VIEW, min_position)
    page = queries.board(
        conn, scope, today=container.clock.now().date(), stage=[s.value for s in stage] if stage else None,
        client_id=str(client_id) if client_id else None, limit=limit, cursor=cursor,
    )  # fmt: skip
    return json_response(HandoffPageOut.model_validate(page, from_attributes=True))


@contacts_router.get("", response_model=ClientHandoffsOut, dependencies=CONTACTS)
def my_contacts(container: Container, conn: ReadConn, scope: ReaderScope, min_position: MinPosition = None) -> Response:
    """For a client user: each of your projects being handed to support, and who to contact for what."""
    wait_for_view(conn, container, VIEW, min_position)
    address = str(getattr(container.settings, "support_address", ""))
    items = queries.client_contacts(conn, scope, support={"name": "Support", "email": address})
    return json_response(ClientHandoffsOut.model_validate({"items": items}))


@router.get(
    "/{project_id}",
    response_model=HandoffDetailOut | HandoffAtVersionOut,
    dependencies=READ,
    responses={200: {"headers": ETAG}},
)
def read_handoff(  # noqa: PLR0913
    project_id: UUID,
    container: Container,
    conn: ReadConn,
    scope: ReaderScope,
    handoffs: Handoffs,
    version: Annotated[int | None, Query(ge=1, description="Rebuild the handoff as it was at this version")] = None,
    min_position: MinPosition = None,
) -> Response:
    """A project's handoff: its data, contract, checklist (ticked by whom or by which record) and stages."""
    wait_for_view(conn, container, VIEW, min_position)
    row = queries.handoff(conn, scope, str(project_id), today=container.clock.now().date())
    if row is None:
        raise ProblemError(404, "Not found", f"The project {project_id} has no handoff.")
    if version is not None:
        h = handoffs.get(project_id, version=version)
        at = {"project_id": h.project_id, "version": h.version, "as_of": h.modified_on, "stage": h.stage.value}
        extra = {"stages": h.stages, "data": h.data, "contract": h.contract, "ticks": h.ticks}
        return json_response(HandoffAtVersionOut.model_validate({**at, **extra}))
    return json_response(HandoffDetailOut.model_validate(row), headers={"ETag": f'"{row["version"]}"'})


def _changes(body: HandoffDataUpdate) -> DataChanges:
    given = body.model_fields_set
    values: dict[str, Any] = {}
    for name in given:
        value = getattr(body, name)
        if name in ("technical_contacts", "authorised_contacts"):
            values[name] = tuple(Person(p.name, p.email, p.phone) for p in value or ())
        elif name == "pm_outstanding":
            values[name] = tuple(OutstandingItem(i.text, tuple(i.keywords)) for i in value or ())
        elif name == "documentation":
            values[name] = dict(value or {})
        elif name == "support_lead_id":
            values[name] = str(value) if value else ""
        elif value is not None:
            values[name] = value
        elif name not in _CLEARABLE:
            values[name] = ""
    cleared = frozenset(n for n in _CLEARABLE if n in given and getattr(body, n) is None)
    return DataChanges(**values, clear=cleared)


@router.patch("/{project_id}", response_model=CommandOut, dependencies=WRITE)
def change_handoff_data(
    project_id: UUID, body: HandoffDataUpdate, ctx: CommandCtx, handoffs: Handoffs, expected: ExpectedVersion
) -> CommandOut:
    """Fill in or change the data (admins, the project's manager, the support lead); never credentials."""
    return out(handoffs.change_data(ctx, project_id, _changes(body), expected_version=expected))


@router.put("/{project_id}/contract", response_model=CommandOut, dependencies=WRITE)
def attach_contract(
    project_id: UUID, body: ContractAttach, ctx: CommandCtx, handoffs: Handoffs, expected: ExpectedVersion
) -> CommandOut:
    """Attach the client's support contract from billing (its terms are copied as they are now)."""
    return out(handoffs.attach_contract(ctx, project_id, body.contract_id, expected_version=expected))


@router.put("/{project_id}/final-invoice", response_model=CommandOut, dependencies=WRITE)
def name_final_invoice(
    project_id: UUID, body: InvoiceName, ctx: CommandCtx, handoffs: Handoffs, expected: ExpectedVersion
) -> CommandOut:
    """Name the invoice that closes the project (its sending ticks the checklist item)."""
    return out(handoffs.name_final_invoice(ctx, project_id, body.invoice_id, expected_version=expected))


@router.post("/{project_id}/stage", response_model=CommandOut, dependencies=WRITE)
def change_stage(  # noqa: PLR0913
    project_id: UUID,
    body: StageChange,
    ctx: CommandCtx,
    handoffs: Handoffs,
    expected: ExpectedVersion,
    container: Container,
    conn: ReadConn,
) -> CommandOut:
    """Mark the client trained, the site launched, or hand off; a refusal names what is missing or open."""
    stage = Stage(body.stage)
    if stage is not Stage.HANDED_OFF:
        return out(handoffs.advance(ctx, project_id, stage, expected_version=expected))
    # The checklist's proofs come from the board, once it has read everything in the log now.
    wait_for_view(conn, container, VIEW, head_position(conn, container.source))
    evidence = queries.evidence(conn, str(project_id))
    return out(
        handoffs.hand_off(ctx, project_id, evidence, override_reason=body.override_reason, expected_version=expected)
    )


@router.post("/{project_id}/cancel", response_model=CommandOut, dependencies=WRITE)
def cancel_handoff(
    project_id: UUID, body: CancelIn, ctx: CommandCtx, handoffs: Handoffs, expected: ExpectedVersion
) -> CommandOut:
    """Call the handoff off, saying why (a handed-off one stays)."""
    return out(handoffs.cancel(ctx, project_id, body.reason, expected_version=expected))
