"""Steps of the handoff walk over HTTP (tests/e2e/test_handoff_walk.py): the agency, billing, and small waits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from uuid import UUID

from domain.billing.ids import invoice_id_for
from domain.users import Role
from tests.builders.identity import ProvisionedUser, signed_in_user
from tests.e2e.billing_steps import eventually
from tests.e2e.client import ApiClient

QUEUE = "tsinternal@agency.test"
SUPPORT = "support@agency.test"


@dataclass
class Agency:
    """The people of the walk, each signed in over a real server."""

    base_url: str
    admin: ProvisionedUser
    pm: ProvisionedUser
    lead: ProvisionedUser
    client_user: ProvisionedUser
    client_id: str

    def api(self, who: ProvisionedUser) -> ApiClient:
        return ApiClient(self.base_url, who.token)


def agency(base_url: str, database_url: str, schema: str) -> Agency:
    admin = signed_in_user(database_url, schema, email="ops.admin@agency.test", name="Olive Admin")
    pm = signed_in_user(database_url, schema, Role.EMPLOYEE, email="pm@agency.test", name="Pat Manager")
    lead = signed_in_user(database_url, schema, Role.EMPLOYEE, email="lead@agency.test", name="Lee Lead")
    api = ApiClient(base_url, admin.token)
    client = api.post("/clients", {"company_name": "Acme City", "account_manager_id": str(pm.user_id)}, expect=201)
    user = signed_in_user(database_url, schema, Role.CLIENT, client_id=client["id"], email="alex@acme.test",
                          name="Alex Client")  # fmt: skip
    return Agency(base_url, admin, pm, lead, user, client["id"])


def signed_contract_and_invoice(world: Agency, today: date) -> tuple[str, str]:
    """A support contract the client accepted, and the invoice drafted from its approved proposal (not sent)."""
    admin, client = world.api(world.admin), world.api(world.client_user)
    lines = [{"description": "Support setup", "quantity": "1", "unit_price": "500.00", "tax_rate": "19"}]
    draft = {"title": "Support plan", "currency": "EUR", "valid_until": str(today + timedelta(days=30)),
             "lines": lines, "client_id": world.client_id}  # fmt: skip
    proposal = admin.post("/proposals", draft, expect=201)
    admin.post(f"/proposals/{proposal['id']}/send", if_match=proposal["version"])
    client.post(f"/proposals/{proposal['id']}/approve", {"comment": "Agreed"})
    terms = {"proposal_id": proposal["id"], "contract_type": "maintenance_and_support", "start": str(today),
             "period_months": 12, "support_hours_per_month": "10"}  # fmt: skip
    contract = admin.post("/contracts", terms, expect=201)["id"]
    client.post(f"/contracts/{contract}/accept")
    invoice = str(invoice_id_for(UUID(proposal["id"])))
    eventually(lambda: admin.request("GET", f"/invoices/{invoice}", expect=(200, 404)).status_code,
               "the invoice drafted from the proposal", check=lambda code: code == 200)  # fmt: skip
    return contract, invoice


def walk_task(pm: ApiClient, project_id: str, pm_id: str, title: str) -> str:
    """A task the project manager does and accepts: to_do -> in_progress -> in_review -> done."""
    task = pm.post("/tasks", {"project_id": project_id, "title": title, "assignee_id": pm_id}, expect=201)["id"]
    for step in ("in_progress", "in_review", "done"):
        pm.post(f"/tasks/{task}/status", {"status": step})
    return str(task)


def board_row(api: ApiClient, project_id: str, position: int, check: Any = bool) -> dict[str, Any]:
    """The project's handoff as the board shows it once it has read ``position`` and ``check`` accepts it."""

    def probe() -> dict[str, Any]:
        found: dict[str, Any] = api.get(f"/handoffs/{project_id}", params={"min_position": position})
        return found

    return eventually(probe, "the handoff board", check=check)


def side_of(api: ApiClient, ticket_id: str) -> str:
    """The side the routing put a ticket on, once it has."""

    def probe() -> str:
        answer = api.request("GET", f"/tickets/{ticket_id}/ownership", expect=(200, 404))
        return str(answer.json().get("side", "")) if answer.status_code == 200 else ""

    return eventually(probe, f"ticket {ticket_id} to be routed")
