"""The one policy layer: the action each route performs, who may perform it, and which rows they see.

Every route declares its action with ``performs`` (a dependency that also checks it):

    @router.post("/{lead_id}/notes", dependencies=[performs("leads.write")])

``PERMISSIONS`` is the only table of who may do what; ``scope`` turns the caller into
the ``Scope`` every queries module narrows its rows with.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from fastapi import Depends, params

from api import one_hop
from api.principal import AnySession, Principal
from domain.errors import DomainError
from domain.identity.errors import AccessDenied, NotAuthenticated
from domain.users import Role
from projections.scope import Scope

STAFF = frozenset({Role.ADMIN, Role.EMPLOYEE})
ADMINS = frozenset({Role.ADMIN})
CLIENT_OR_ADMIN = frozenset({Role.ADMIN, Role.CLIENT})
EVERYONE = frozenset(Role)

Stage = Literal["mfa", "enrol", "full"]
_STAGES: tuple[Stage, ...] = ("mfa", "enrol", "full")


@dataclass(frozen=True)
class Permission:
    """Who may perform an action: ``roles`` (None: anyone, signed in or not) from sign-in ``stage`` on."""

    roles: frozenset[Role] | None
    stage: Stage = "full"
    used_elsewhere: str = ""  # where an action no route declares is performed (checked by the route test)

    @property
    def public(self) -> bool:
        return self.roles is None


OPEN = Permission(None)

# Every action, and who may perform it. A new slice adds its actions here.
PERMISSIONS: dict[str, Permission] = {
    "health.read": OPEN,
    "docs.read": Permission(
        None, used_elsewhere="the documentation routes FastAPI adds (api.contract.DOCUMENTATION_ROUTES)"
    ),
    "session.start": OPEN,  # sign in with email and password
    "invitation.accept": OPEN,  # the link in the invitation email
    "session.own": Permission(EVERYONE, stage="mfa"),  # finish signing in with a code, sign out
    "me.read": Permission(EVERYONE, stage="enrol"),
    "me.enrol_mfa": Permission(EVERYONE, stage="enrol"),
    "me.manage": Permission(EVERYONE),
    "leads.read": Permission(STAFF),
    "leads.write": Permission(STAFF),
    "leads.reopen": Permission(ADMINS),  # reopen a lost lead, with a reason
    "audit.read": Permission(ADMINS),
    "users.read": Permission(EVERYONE),  # rows narrowed by the reader's scope
    "users.invite": Permission(ADMINS),
    "users.manage": Permission(ADMINS),
    "clock.control": Permission(ADMINS),  # read and move a test or demo server's clock (BATON_MOVABLE_CLOCK)
    # Delivery: the roles below may call; the rules then decide by the caller's part (account or project manager,
    # team member, assignee), and reads are narrowed by scope (client users see their organisation's projects only).
    "leads.convert": Permission(ADMINS),
    "clients.read": Permission(STAFF),
    "clients.create": Permission(ADMINS),  # create a client, change its account manager
    "clients.write": Permission(STAFF),  # details and contacts: admins and the account manager
    "clients.invite": Permission(ADMINS),  # invite a contact to the client portal
    "projects.read": Permission(EVERYONE),
    "projects.write": Permission(STAFF),  # plan, team, status, notes, milestones: admins and the project's manager
    "deployments.record": Permission(STAFF),  # admins and the project's team
    "documents.read": Permission(EVERYONE),
    "documents.write": Permission(STAFF),  # upload, share, delete: admins and the project's manager
    "tasks.read": Permission(STAFF),
    "tasks.write": Permission(STAFF),  # create, edit, reassign, move, comment: as the task rules allow
    # Support desk: client users open and write on their organisation's tickets; staff work them (the rules
    # then decide by assignee); an admin closes, edits the SLA policy and urgent categories.
    "tickets.read": Permission(EVERYONE),  # rows narrowed by scope; client users never see staff-only entries
    "tickets.open": Permission(EVERYONE),  # client users for their organisation, staff on a client's behalf
    "tickets.message": Permission(frozenset({Role.CLIENT})),  # the client's side of the thread
    "tickets.reply": Permission(STAFF),  # answer the client (emailed to them)
    "tickets.note": Permission(STAFF),  # internal notes, never shown to the client
    "tickets.manage": Permission(STAFF),  # status, assignee, priority, escalation and its acknowledgement
    "tickets.upload": Permission(EVERYONE),  # store a file to attach
    "sla.read": Permission(STAFF),
    "sla.manage": Permission(ADMINS),
    "sla.report": Permission(STAFF),
    "urgent_categories.read": Permission(EVERYONE),
    "urgent_categories.manage": Permission(ADMINS),
    "inbound_email.deliver": OPEN,  # the mail relay's webhook, authenticated by an HMAC of the body
    "inbound_email.triage": Permission(STAFF),  # see what arrived, place or dismiss held emails
    # Billing: finance is an admin's job; employees read and comment on proposals under review; a client user reads
    # their organisation's sent proposals, contracts and invoices, decides proposals, accepts contracts, pays online.
    "proposals.read": Permission(EVERYONE),
    "proposals.manage": Permission(ADMINS),  # draft, revise, send, withdraw
    "proposals.comment": Permission(STAFF),  # internal review comments
    "proposals.decide": Permission(CLIENT_OR_ADMIN),  # the client user approves or declines (an admin on their behalf)
    "contracts.read": Permission(EVERYONE),
    "contracts.manage": Permission(ADMINS),  # offer, withdraw
    "contracts.accept": Permission(frozenset({Role.CLIENT})),
    "invoices.read": Permission(EVERYONE),
    "invoices.manage": Permission(ADMINS),  # draft, revise, discard, send, void, overdue, reminders, credit notes
    "invoices.record_payment": Permission(ADMINS),  # payments, refunds and failed attempts, by hand
    "invoices.pay": Permission(CLIENT_OR_ADMIN),  # open a Stripe Checkout page
    "payments.read": Permission(EVERYONE),  # the payments ledger, narrowed by scope
    "stray_payments.read": Permission(ADMINS),
    "stray_payments.manage": Permission(ADMINS),
    "stripe.webhook": OPEN,  # Stripe's deliveries: the signature is the credential
    "stripe.events": Permission(ADMINS),
    "billing_reports.read": Permission(ADMINS),
    # Time: rows and records narrowed by the reader's scope and the time rules (docs/api.md, "Log time").
    "time.read": Permission(STAFF),  # entries (yours; your projects' if you manage them), locks, tags, overrides
    "time.log": Permission(STAFF),  # log, correct and delete your own entries
    "time.override": Permission(STAFF),  # grant and revoke: the project's manager or an admin
    "time.tags": Permission(ADMINS),
    "time.lock": Permission(ADMINS),  # lock and unlock periods, the automatic lock
    "time.report": Permission(ADMINS),  # the admin time report
    "time.budget": Permission(STAFF),  # admins: every project; employees: the projects they manage
    "time.client_report": Permission(STAFF),  # admins: every client; employees: clients whose account they manage
    "time.client_report_send": Permission(STAFF),  # an admin or the client's account manager
    # Handoff to support (docs/api.md, "Hand a project to support"); who may do what is the handoff's rules.
    "handoffs.read": Permission(STAFF),  # the board and each handoff
    "handoffs.write": Permission(STAFF),  # start, data, contract, invoice, stages, cancel: admins and the PM
    "handoffs.tick": Permission(STAFF),  # tick and untick checklist items
    "handoffs.calls": Permission(STAFF),  # an enterprise client's monthly calls and their reports
    "handoffs.contacts": Permission(frozenset({Role.CLIENT})),  # a client user: who to contact for what
    "handoff_settings.read": Permission(STAFF),  # email templates and topic rules
    "handoff_settings.manage": Permission(ADMINS),
    "tickets.own": Permission(STAFF),  # claim, release, hand across, split off
    "tickets.ownership": Permission(STAFF),  # which side has a ticket and who claimed it
}

_WHO = {STAFF: "staff (admins and employees)", ADMINS: "admins", EVERYONE: "every signed-in user"}


def permits(principal: Principal, action: str) -> bool:
    """True when ``principal``'s role may perform ``action`` (whatever the sign-in stage)."""
    roles = PERMISSIONS[action].roles
    return roles is None or principal.role in roles


def check(principal: Principal, action: str) -> None:
    """Refuse (401 or 403, naming ``action``) unless ``principal`` may perform ``action`` now."""
    permission = PERMISSIONS[action]
    if _STAGES.index(principal.stage) < _STAGES.index(permission.stage):
        if principal.stage == "mfa":
            raise NotAuthenticated(
                "Finish signing in: send the code from your authenticator app to POST /auth/login/mfa."
            )
        raise AccessDenied(
            "Set up multi-factor authentication first: staff accounts can do nothing else until it is on. "
            f"Start with POST /me/mfa/enrolment ({action})."
        )
    if not permits(principal, action):
        allowed = permission.roles or frozenset()
        who = _WHO.get(allowed) or ", ".join(sorted(r.value for r in allowed))
        raise AccessDenied(f"Only {who} may do this ({action}); you are signed in as {principal.role.value}.")


@dataclass(frozen=True)
class Performs:
    """The action a route performs, and the refusals it adds to the usual ones (for its documentation)."""

    action: str
    raises: tuple[type[DomainError], ...] = ()

    @property
    def permission(self) -> Permission:
        return PERMISSIONS[self.action]


@dataclass(frozen=True)
class PerformsGuarded(Performs):
    _baton_one_hop = True  # on a one-hop route the check runs in the request's hop (api/one_hop.py)

    async def __call__(self, principal: AnySession) -> Principal:
        if isinstance(principal, one_hop.Pending):
            principal.work.require(lambda p: check(p, self.action))
        else:
            check(principal, self.action)
        return principal


@dataclass(frozen=True)
class PerformsOpen(Performs):
    async def __call__(self) -> None:
        return None


def performs(action: str, *, raises: tuple[type[DomainError], ...] = ()) -> params.Depends:
    """Declare (and check) the action of a route: ``dependencies=[performs("leads.write")]``."""
    if action not in PERMISSIONS:
        raise KeyError(f"Unknown action '{action}': add it to api.policy.PERMISSIONS")
    kind = PerformsOpen if PERMISSIONS[action].public else PerformsGuarded
    dependency: params.Depends = Depends(kind(action, raises))
    return dependency


def declared(dependant: Any) -> Iterator[Performs]:
    """Every ``performs`` declaration in a route's dependency tree."""
    for sub in getattr(dependant, "dependencies", []):
        if isinstance(sub.call, Performs):
            yield sub.call
        yield from declared(sub)


def scope(principal: Principal) -> Scope:
    """The rows ``principal`` may read, as the one ``Scope`` every queries module narrows by."""
    return Scope(user_id=principal.user_id, role=principal.role.value, client_id=principal.client_id)


@one_hop.marks
async def reader_scope(principal: AnySession) -> Scope:
    # Only on routes whose declared action already checked ``principal`` (the route test makes sure).
    made: Scope = one_hop.derive(principal, scope)
    return made


ReaderScope = Annotated[Scope, Depends(reader_scope)]
