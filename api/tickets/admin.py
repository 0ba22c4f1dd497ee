"""The desk's settings admins edit (the SLA policy, the urgent categories) and the SLA report."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Path as PathParam
from fastapi import Query, Response

from api.contract import problem_answer, resource_router
from api.deps import CommandCtx, ExpectedVersion, ReadConn, commands
from api.deps import ContainerDep as Container
from api.policy import ReaderScope, performs
from api.reads import MinPosition, wait_for_view
from api.schemas import ETAG, NO_NUL, CommandOut, IsoDateTime, json_response, out
from api.tickets.admin_schemas import (
    SlaPolicyIn,
    SlaPolicyOut,
    SlaReportOut,
    SlaTargetIn,
    UrgentCatalogueOut,
    UrgentCategoryIn,
)
from domain.tickets import BusinessCalendar, Priority, SlaTarget, SlaTerms, UrgentCatalogue, UrgentCategory, WeeklyHours
from domain.tickets.catalogue import CATALOGUE_ID
from domain.tickets.policy import calendar_data, targets_data
from domain.tickets.policy_commands import SlaPolicyCommands, UrgentCategoryCommands
from projections.tickets.sla_report import sla_report

router = resource_router("", "support-settings")
Policy = Annotated[SlaPolicyCommands, commands(SlaPolicyCommands)]
Categories = Annotated[UrgentCategoryCommands, commands(UrgentCategoryCommands)]
CategoryKey = Annotated[str, PathParam(pattern="^[a-z0-9][a-z0-9_-]{0,59}$", description="The category's key")]


def _target(target: SlaTargetIn) -> SlaTarget:
    return SlaTarget(target.amount, target.unit)


def terms_of(body: SlaPolicyIn) -> SlaTerms:
    """The domain's terms from the body (the domain refuses an unknown time zone or holiday country)."""
    week = {day: [list(shift) for shift in shifts] for day, shifts in body.calendar.hours.model_dump().items()}
    calendar = BusinessCalendar(
        timezone=body.calendar.timezone,
        hours=WeeklyHours.from_data(week),
        country=body.calendar.country,
        subdivision=body.calendar.subdivision,
        closed_days=frozenset(body.calendar.closed_days),
    )
    resolution = {Priority(p): _target(t) for p, t in body.resolution if t is not None}
    return SlaTerms(
        first_response={Priority(p): _target(t) for p, t in body.first_response},
        resolution=resolution,
        calendar=calendar,
        at_risk_share=body.at_risk_share,
        business_day_hours=body.business_day_hours,
        escalation_reminder=_target(body.escalation_reminder),
    )


def policy_out(terms: SlaTerms) -> SlaPolicyOut:
    targets: dict[str, Any] = targets_data(terms)
    return SlaPolicyOut.model_validate({**targets, "version": terms.version, "calendar": calendar_data(terms.calendar)})


@router.get(
    "/sla/policy", response_model=SlaPolicyOut, dependencies=[performs("sla.read")], responses={200: {"headers": ETAG}}
)
def read_sla_policy(policy: Policy) -> Response:
    """The SLA policy in force: first-response (and resolution) targets per priority, and the business calendar."""
    terms = policy.terms()
    return json_response(policy_out(terms), headers={"ETag": f'"{terms.version}"'})


@router.put("/sla/policy", response_model=CommandOut, dependencies=[performs("sla.manage")])
def set_sla_policy(body: SlaPolicyIn, ctx: CommandCtx, policy: Policy, expected: ExpectedVersion) -> CommandOut:
    """Put a new SLA policy in force (admins); every open ticket's timers move to it."""
    return out(policy.revise(ctx, terms_of(body), expected_version=expected))


@router.get("/sla/report", response_model=SlaReportOut, dependencies=[performs("sla.report")])
def read_sla_report(  # noqa: PLR0913
    container: Container,
    conn: ReadConn,
    scope: ReaderScope,
    policy: Policy,
    as_of: Annotated[IsoDateTime | None, Query(description="Measure as of this moment (default: now)")] = None,
    opened_from: Annotated[IsoDateTime | None, Query(description="Tickets opened at or after")] = None,
    opened_to: Annotated[IsoDateTime | None, Query(description="Tickets opened before")] = None,
    client_id: Annotated[str | None, Query(max_length=100, pattern=NO_NUL)] = None,
    min_position: MinPosition = None,
) -> Response:
    """First responses met and missed per month and priority and per client, under the policy in force now."""
    wait_for_view(conn, container, "ticket_sla", min_position)
    terms = policy.terms()
    moment = as_of or container.clock.now()
    figures = sla_report(
        conn, scope, terms, as_of=moment, opened_from=opened_from, opened_to=opened_to, client_id=client_id
    )
    return json_response(SlaReportOut.model_validate({**figures, "as_of": moment, "policy_version": terms.version}))


def _catalogue(categories: UrgentCategoryCommands) -> UrgentCatalogueOut:
    catalogue = categories.find(UrgentCatalogue, CATALOGUE_ID)
    items = [{"key": c.key, "label": c.label, "phrases": list(c.phrases)} for c in categories.categories()]
    return UrgentCatalogueOut.model_validate({"version": catalogue.version if catalogue else 0, "items": items})


@router.get(
    "/urgent-categories",
    response_model=UrgentCatalogueOut,
    dependencies=[performs("urgent_categories.read")],
    responses={200: {"headers": ETAG}},
)
def list_urgent_categories(categories: Categories) -> Response:
    """The urgent categories: a new ticket whose category or words match one is raised to urgent."""
    found = _catalogue(categories)
    return json_response(found, headers={"ETag": f'"{found.version}"'})


@router.put("/urgent-categories/{key}", response_model=CommandOut, dependencies=[performs("urgent_categories.manage")])
def save_urgent_category(
    key: CategoryKey, body: UrgentCategoryIn, ctx: CommandCtx, categories: Categories, expected: ExpectedVersion
) -> CommandOut:
    """Add an urgent category or change its label and phrases (admins)."""
    category = UrgentCategory(key=key, label=body.label, phrases=tuple(body.phrases))
    return out(categories.save(ctx, category, expected_version=expected))


@router.delete(
    "/urgent-categories/{key}",
    response_model=CommandOut,
    dependencies=[performs("urgent_categories.manage")],
    responses={404: problem_answer(404)},
)
def remove_urgent_category(
    key: CategoryKey, ctx: CommandCtx, categories: Categories, expected: ExpectedVersion
) -> CommandOut:
    """Remove an urgent category (admins): new tickets no longer match it."""
    return out(categories.remove(ctx, key, expected_version=expected))
