"""Contracts: one row per contract with its terms and who accepted it, when and from where."""

from __future__ import annotations

from domain.billing.calendar import add_months
from domain.billing.contract import Contract
from domain.billing.statuses import ContractStatus
from projections.engine import Column, Entities, Fold, Projection, handles
from projections.engine import position_column as position
from projections.engine import version_column as version

CONTRACTS = Entities(
    "contract_list",
    (
        Column("id", "uuid"),
        Column("proposal_id", "text"),
        Column("client_id", "text"),
        Column("contract_type", "text"),
        Column("start", "date"),
        Column("period_months", "integer", default=None),
        Column("ends_on", "date", default=None),
        Column("support_hours_per_month", "numeric"),
        Column("special_agreements", "text"),
        Column("status", "text", changes=True),
        Column("accepted_by", "text", changes=True, default=""),
        Column("accepted_at", "timestamptz", changes=True, default=None),
        Column("accepted_from", "text", changes=True, default=""),
        Column("withdrawn_reason", "text", changes=True, default=""),
        Column("offered_at", "timestamptz"),
        Column("offered_by", "text"),
        Column("updated_at", "timestamptz", changes=True),
        version(),
        position(),
    ),
    indexes=("(offered_at, id)", "(updated_at, id)", "(client_id, status, start)"),
)


class ContractRegister(Projection):
    """Contracts by client and status, with the terms the monthly client report reads."""

    name = "contracts"
    version = 1
    tables = (CONTRACTS,)

    @handles(Contract.Offered)
    def offered(self, fold: Fold, e: Contract.Offered) -> None:
        fold.insert(
            CONTRACTS,
            e,
            proposal_id=e.proposal_id,
            client_id=e.client_id,
            contract_type=e.contract_type,
            start=e.start,
            period_months=e.period_months,
            ends_on=None if e.period_months is None else add_months(e.start, e.period_months),
            support_hours_per_month=e.support_hours_per_month,
            special_agreements=e.special_agreements,
            status=ContractStatus.OFFERED.value,
            offered_at=e.timestamp,
            offered_by=e.actor_id,
        )

    @handles(Contract.Accepted)
    def accepted(self, fold: Fold, e: Contract.Accepted) -> None:
        if (row := fold.update(CONTRACTS, e)) is not None:
            row.update(
                status=ContractStatus.ACCEPTED.value,
                accepted_by=e.accepted_by,
                accepted_at=e.accepted_at,
                accepted_from=e.address,
            )

    @handles(Contract.Withdrawn)
    def withdrawn(self, fold: Fold, e: Contract.Withdrawn) -> None:
        if (row := fold.update(CONTRACTS, e)) is not None:
            row.update(status=ContractStatus.WITHDRAWN.value, withdrawn_reason=e.reason)
