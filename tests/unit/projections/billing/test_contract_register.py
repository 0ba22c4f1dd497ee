"""The contract register's rows, folded from contract events without PostgreSQL."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from domain.application import BatonApplication
from domain.billing.contract_commands import ContractCommands
from projections.billing import ContractRegister
from projections.engine import replay
from tests.unit.billing.builders import ADMIN, at, client_user, offered_contract
from tests.unit.projections.log import events_of


def test_offered_contract_is_a_row_with_its_terms_and_end_when_folded(app: BatonApplication) -> None:
    contract = offered_contract(app)

    (row,) = replay(ContractRegister(), events_of(app)).rows("contract_list")

    assert (row["id"], row["status"], row["contract_type"]) == (contract, "offered", "maintenance_and_support")
    assert (row["start"], row["period_months"], row["ends_on"]) == (date(2026, 4, 1), 12, date(2027, 4, 1))
    assert row["support_hours_per_month"] == Decimal("10")


def test_acceptance_records_who_when_and_from_where_when_the_client_accepts(app: BatonApplication) -> None:
    contract = offered_contract(app)
    person = client_user(app)
    ContractCommands(app).accept(at(person, days=2), contract, "203.0.113.7")

    (row,) = replay(ContractRegister(), events_of(app)).rows("contract_list")

    assert (row["status"], row["accepted_by"], row["accepted_from"]) == ("accepted", person.id, "203.0.113.7")
    assert row["accepted_at"] == at(person, days=2).now


def test_open_ended_contract_has_no_end_and_a_withdrawn_one_its_reason_when_folded(app: BatonApplication) -> None:
    contract = offered_contract(
        app, period_months=None, contract_type="maintenance", support_hours_per_month=Decimal(0)
    )
    ContractCommands(app).withdraw(at(ADMIN), contract, "Terms changed")

    (row,) = replay(ContractRegister(), events_of(app)).rows("contract_list")

    assert (row["ends_on"], row["status"], row["withdrawn_reason"]) == (None, "withdrawn", "Terms changed")
