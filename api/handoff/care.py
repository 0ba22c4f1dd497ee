"""A handoff's checklist ticks by people, and an enterprise client's monthly calls."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from api.contract import resource_router
from api.deps import CommandCtx, ExpectedVersion, commands
from api.handoff.schemas import CallReportIn, CallsPlan, TickIn, UntickIn
from api.policy import performs
from api.schemas import CommandOut, out
from domain.handoff import Item
from domain.handoff.commands import HandoffCommands

router = resource_router("/handoffs", "handoffs")
TICK = [performs("handoffs.tick")]
CALLS = [performs("handoffs.calls")]
Handoffs = Annotated[HandoffCommands, commands(HandoffCommands)]


@router.post("/{project_id}/checklist/{item}", response_model=CommandOut, dependencies=TICK)
def tick_item(  # noqa: PLR0913
    project_id: UUID, item: Item, body: TickIn, ctx: CommandCtx, handoffs: Handoffs, expected: ExpectedVersion
) -> CommandOut:
    """Tick a checklist item you did (staff); items other records prove are ticked by those records."""
    return out(handoffs.tick(ctx, project_id, item, body.note, expected_version=expected))


@router.post("/{project_id}/checklist/{item}/untick", response_model=CommandOut, dependencies=TICK)
def untick_item(  # noqa: PLR0913
    project_id: UUID, item: Item, body: UntickIn, ctx: CommandCtx, handoffs: Handoffs, expected: ExpectedVersion
) -> CommandOut:
    """Take a tick back, saying why."""
    return out(handoffs.untick(ctx, project_id, item, body.reason, expected_version=expected))


@router.put("/{project_id}/monthly-calls", response_model=CommandOut, dependencies=CALLS)
def plan_monthly_calls(
    project_id: UUID, body: CallsPlan, ctx: CommandCtx, handoffs: Handoffs, expected: ExpectedVersion
) -> CommandOut:
    """Plan an enterprise client's monthly call (admins, the project's manager, the support lead)."""
    return out(
        handoffs.plan_monthly_calls(ctx, project_id, body.first_call, body.reminder_days, expected_version=expected)
    )


@router.post("/{project_id}/call-reports", response_model=CommandOut, dependencies=CALLS)
def report_call(
    project_id: UUID, body: CallReportIn, ctx: CommandCtx, handoffs: Handoffs, expected: ExpectedVersion
) -> CommandOut:
    """Record how a monthly call went (staff): its topic and what was agreed."""
    return out(handoffs.report_call(ctx, project_id, body.call_on, body.topic, body.summary, expected_version=expected))
