"""Contracts: offered from an approved proposal, accepted by the client user (who, when, from where)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from domain.application import BatonApplication
from domain.billing.contract import Contract
from domain.billing.contract_commands import ContractCommands
from domain.billing.ids import contract_id_for
from domain.billing.statuses import ContractStatus
from domain.errors import InvalidInput, InvalidTransition, NotPermitted, RuleViolation
from tests.unit.billing.builders import (
    ADMIN,
    CLIENT_ID,
    EMPLOYEE,
    SYSTEM,
    approved_proposal,
    at,
    client_user,
    new_contract,
    offered_contract,
    qualified_lead,
    sent_proposal,
)


@pytest.fixture
def contracts(app: BatonApplication) -> ContractCommands:
    return ContractCommands(app)


def test_an_approved_proposal_yields_one_contract_with_its_terms_when_offered(
    app: BatonApplication, contracts: ContractCommands
) -> None:
    proposal_id = approved_proposal(app)
    result = contracts.offer(at(ADMIN), new_contract(proposal_id))
    contract = app.load(Contract, result.id)
    assert result.id == contract_id_for(proposal_id)
    assert (contract.client_id, contract.contract_type, contract.status) == (
        CLIENT_ID,
        "maintenance_and_support",
        ContractStatus.OFFERED,
    )
    assert (contract.start, contract.ends_on, contract.support_hours_per_month) == (
        date(2026, 4, 1),
        date(2027, 4, 1),
        Decimal("10"),
    )
    with pytest.raises(RuleViolation, match="already has a contract"):
        contracts.offer(at(ADMIN), new_contract(proposal_id))


def test_the_invoice_process_may_offer_the_contract_when_acting_as_the_system(
    app: BatonApplication, contracts: ContractCommands
) -> None:
    assert contracts.offer(at(SYSTEM), new_contract(approved_proposal(app))).version == 1


def test_offering_is_refused_when_the_proposal_is_not_approved(
    app: BatonApplication, contracts: ContractCommands
) -> None:
    with pytest.raises(RuleViolation, match="approved proposal"):
        contracts.offer(at(ADMIN), new_contract(sent_proposal(app)))


def test_offering_is_refused_when_an_employee_tries(app: BatonApplication, contracts: ContractCommands) -> None:
    with pytest.raises(NotPermitted):
        contracts.offer(at(EMPLOYEE), new_contract(approved_proposal(app)))


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"contract_type": "retainer"}, "not a contract type"),
        ({"contract_type": "maintenance"}, "belong to a maintenance_and_support contract"),
        ({"support_hours_per_month": Decimal(0)}, "belong to a maintenance_and_support contract"),
        ({"support_hours_per_month": Decimal("-1")}, "between 0 and 744"),
        ({"support_hours_per_month": Decimal("1.234")}, "hundredths"),
        ({"period_months": 0}, "1 to 120 months"),
        ({"client_id": "client-other"}, "must be the proposal's"),
    ],
)
def test_offering_is_refused_when_the_terms_are_invalid(
    app: BatonApplication, contracts: ContractCommands, overrides: dict[str, object], message: str
) -> None:
    with pytest.raises(InvalidInput, match=message):
        contracts.offer(at(ADMIN), new_contract(approved_proposal(app), **overrides))


def test_a_lead_proposal_contract_names_the_client_the_lead_became_when_offered(
    app: BatonApplication, contracts: ContractCommands
) -> None:
    proposal_id = approved_proposal(app, client_id="", lead_id=str(qualified_lead(app)))
    with pytest.raises(InvalidInput, match="the client the lead became"):
        contracts.offer(at(ADMIN), new_contract(proposal_id))
    result = contracts.offer(at(ADMIN), new_contract(proposal_id, client_id="client-from-lead"))
    assert app.load(Contract, result.id).client_id == "client-from-lead"


def test_acceptance_records_who_when_and_from_where_when_the_client_user_accepts(
    app: BatonApplication, contracts: ContractCommands
) -> None:
    contract_id = offered_contract(app)
    client = client_user(app)
    contracts.accept(at(client, days=2), contract_id, " 203.0.113.7 ", expected_version=1)
    contract = app.load(Contract, contract_id)
    assert contract.status is ContractStatus.ACCEPTED
    assert (contract.accepted_by, contract.accepted_at, contract.accepted_from) == (
        client.id,
        at(client, days=2).now,
        "203.0.113.7",
    )


@pytest.mark.parametrize("who", ["admin", "other client"])
def test_acceptance_is_refused_when_the_actor_is_not_a_user_of_the_contracts_client(
    app: BatonApplication, contracts: ContractCommands, who: str
) -> None:
    contract_id = offered_contract(app)
    actor = ADMIN if who == "admin" else client_user(app, client_id="client-other")
    with pytest.raises(NotPermitted):
        contracts.accept(at(actor), contract_id, "203.0.113.7")


def test_acceptance_is_refused_when_no_address_is_given(app: BatonApplication, contracts: ContractCommands) -> None:
    with pytest.raises(InvalidInput, match="network address"):
        contracts.accept(at(client_user(app)), offered_contract(app), "")


def test_acceptance_is_refused_when_the_offer_was_withdrawn_or_already_accepted(
    app: BatonApplication, contracts: ContractCommands
) -> None:
    client = client_user(app)
    withdrawn, accepted = offered_contract(app), offered_contract(app)
    contracts.withdraw(at(ADMIN), withdrawn, "Terms renegotiated")
    contracts.accept(at(client), accepted, "203.0.113.7")
    for contract_id in (withdrawn, accepted):
        with pytest.raises(InvalidTransition, match="Only an offered contract"):
            contracts.accept(at(client), contract_id, "203.0.113.7")


def test_a_contract_is_active_only_within_its_period_when_accepted(
    app: BatonApplication, contracts: ContractCommands
) -> None:
    contract_id = offered_contract(app, period_months=1, start=date(2026, 1, 31))
    assert not app.load(Contract, contract_id).is_active_on(date(2026, 2, 1))
    contracts.accept(at(client_user(app)), contract_id, "203.0.113.7")
    contract = app.load(Contract, contract_id)
    assert contract.ends_on == date(2026, 2, 28)
    assert [contract.is_active_on(d) for d in (date(2026, 1, 30), date(2026, 1, 31), date(2026, 2, 27))] == [
        False,
        True,
        True,
    ]
    assert not contract.is_active_on(date(2026, 2, 28))


def test_an_open_ended_contract_stays_active_when_it_has_no_period(
    app: BatonApplication, contracts: ContractCommands
) -> None:
    contract_id = offered_contract(app, period_months=None)
    contracts.accept(at(client_user(app)), contract_id, "203.0.113.7")
    assert app.load(Contract, contract_id).is_active_on(date(2040, 1, 1))
