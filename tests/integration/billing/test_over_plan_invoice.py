"""An admin invoices the support hours a client used beyond their plan in a month, as the monthly client report
counts them: once per client and month."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from fastapi.testclient import TestClient

from api.app import create_app
from api.identity.provision import provision_user
from baton.container import Container
from domain.billing.contract_commands import ContractCommands, NewContract
from domain.billing.inputs import NewProposal
from domain.billing.lines import Line
from domain.billing.money import Money
from domain.billing.proposal_commands import ProposalCommands
from domain.context import Actor, CommandContext
from domain.projects import Project
from domain.users import Invitation, Role
from domain.users.commands import UserCommands
from tests.builders.pipeline import catch_up
from tests.unit.delivery.agency import Agency
from tests.unit.time.desk import Desk


def plan_of_ten_hours(container: Container, agency: Agency, client: str) -> None:
    """An accepted maintenance-and-support contract with 10 hours a month from February 2026."""
    admin = agency.as_("admin")
    line = (Line("Support plan", Decimal(1), Money.of("950.00", "EUR")),)
    proposal = ProposalCommands(container.app).draft(admin, NewProposal("Support", "EUR", date(2026, 3, 30), line,
                                                                         client_id=client)).id  # fmt: skip
    ProposalCommands(container.app).send(admin, proposal)
    ProposalCommands(container.app).approve(admin, proposal, "Signed on paper")
    terms = NewContract(str(proposal), "maintenance_and_support", date(2026, 2, 1), Decimal(10), period_months=12)
    contract = ContractCommands(container.app).offer(admin, terms).id
    users = UserCommands(container.app)
    person = users.invite(
        admin, Invitation(email="buyer@acme.example", name="Buyer", role=Role.CLIENT, client_id=client)
    ).id
    users.accept_invitation(admin, person, 1)
    client_user = CommandContext(actor=Actor.user(person, "client"), now=admin.now)
    ContractCommands(container.app).accept(client_user, contract, "192.0.2.9")


def test_hours_beyond_the_plan_become_one_draft_invoice_per_client_and_month_when_an_admin_asks(
    container: Container,
) -> None:
    agency = Agency(container.app)
    desk = Desk(agency)
    client = container.app.load(Project, desk.project).client_id
    plan_of_ten_hours(container, agency, str(client))
    for day in (date(2026, 2, 10), date(2026, 2, 11)):
        desk.log("6", day)
    for projection in container.projections:
        catch_up(container, projection)
    admin = provision_user(container.identity, role=Role.ADMIN)
    headers = {"Authorization": f"Bearer {admin.token}"}
    body = {"month": "2026-02", "currency": "EUR", "hourly_rate": "95.00", "tax_rate": "19"}
    with TestClient(create_app(container)) as http:
        first = http.post(f"/invoices/over-plan-hours/{client}", json=body, headers=headers)
        again = http.post(f"/invoices/over-plan-hours/{client}", json=body, headers=headers)
        nothing = http.post(f"/invoices/over-plan-hours/{client}", json={**body, "month": "2026-01"}, headers=headers)
        catch_up(container, container.projection("invoices"))
        invoice = http.get(f"/invoices/{first.json()['id']}", headers=headers).json()

    assert (first.status_code, again.status_code) == (201, 200) and again.json()["id"] == first.json()["id"]
    assert nothing.status_code == 409 and "No hours beyond the plan" in nothing.json()["detail"]
    assert (invoice["status"], invoice["client_id"], invoice["total"]) == ("draft", str(client), "226.10")
    assert [(li["quantity"], li["unit_price"]) for li in invoice["lines"]] == [("2.00", "95.00")]
