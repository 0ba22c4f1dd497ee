"""The FastAPI application factory."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi_offline import FastAPIOffline

from api import contract, problems
from api.billing import contracts, inbox, invoices, over_plan, payments, proposals, reports, stripe_webhook
from api.clients import contacts, conversion
from api.clients import routes as clients
from api.handoff import care as handoff_care
from api.handoff import ownership as ticket_ownership
from api.handoff import routes as handoffs
from api.handoff import templates as handoff_settings
from api.headers import SecurityHeaders
from api.limits import RequestLimits
from api.pages import routes as pages
from api.projects import documents, records
from api.projects import routes as projects
from api.routes import audit, auth, clock, health, leads, me, users
from api.services import Services
from api.tasks import routes as tasks
from api.tickets import actions as ticket_actions
from api.tickets import admin as desk_admin
from api.tickets import files as ticket_files
from api.tickets import inbound as inbound_email
from api.tickets import routes as tickets
from api.tickets import triage as email_triage
from api.time import controls as time_controls
from api.time import entries as time_entries
from api.time import locks as time_locks
from api.time import reports as time_reports

DESCRIPTION = """
Baton is the event-sourced operations core of a digital agency. Every change is an
immutable event; every list is a projection that can be rebuilt from history.

Commands answer with `id`, `version` and `position`. Pass `position` as
`min_position` to a read to see your own write. Send `If-Match: <version>` on
updates: a stale version answers 412. Errors are RFC 9457 problem documents
(`application/problem+json`, schema `Problem`); every operation lists each status it
can answer. Each operation performs one action of the policy (see docs/security.md):
401 means no valid session, 403 names the action your role may not perform.
"""

# One router per resource, each route declaring its action (api/policy.py). A new slice adds its router here.
ROUTERS = [health.router, auth.router, me.router, users.router, leads.router, audit.router, clock.router]
# The pages behind invitation and setup links (HTML, not in the OpenAPI document).
ROUTERS += [pages.router]
# Delivery: clients (and converting leads), projects with their records, tasks.
ROUTERS += [conversion.router, clients.router, contacts.router, projects.router, records.router, documents.router]
ROUTERS += [tasks.router]
# Support desk: tickets and their files, the SLA policy, report and urgent categories, inbound email.
ROUTERS += [ticket_files.router, tickets.router, ticket_actions.router, desk_admin.router]
ROUTERS += [inbound_email.router, email_triage.router]
# Billing: proposals, contracts, invoices and their money, Stripe's webhook, reports.
ROUTERS += [proposals.router, contracts.router, invoices.router, payments.router, payments.ledger_router]
ROUTERS += [inbox.router, inbox.events_router, stripe_webhook.router, reports.router, over_plan.router]
# Time: entries, locks, overrides and tags, and the reports built from time.
ROUTERS += [time_entries.router, time_locks.router, time_controls.router, time_reports.router]
# Handoff to support: the board and each handoff, its checklist and calls, its settings, ticket ownership.
ROUTERS += [handoffs.router, handoffs.contacts_router, handoff_care.router, handoff_settings.router]
ROUTERS += [ticket_ownership.router]


def create_app(container: Services, *, manage_container: bool = False) -> FastAPI:
    """Build the API around ``container`` (closed on shutdown if ``manage_container``)."""

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        if manage_container:
            container.close()

    app = FastAPIOffline(
        title="Baton",
        version="0.1.0",
        description=DESCRIPTION,
        lifespan=lifespan,
        generate_unique_id_function=lambda route: f"{route.tags[0]}-{route.name}" if route.tags else route.name,
        # The docs page asks no outside validator about the document (and loads nothing from elsewhere).
        swagger_ui_parameters={"validatorUrl": None},
    )
    app.state.container = container
    app.add_middleware(
        RequestLimits,
        max_body_bytes=container.settings.max_body_bytes,
        larger=ticket_files.with_ticket_uploads(container, documents.upload_body_limit(container)),
    )
    app.add_middleware(SecurityHeaders)  # outermost: refusals by the limits get the headers too
    problems.install(app)
    for router in ROUTERS:
        app.include_router(router)
    contract.install(app)
    return app
