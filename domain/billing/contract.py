"""The Contract aggregate: the terms an approved proposal becomes, accepted by the client."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from domain.aggregate import BatonAggregate
from domain.billing.access import ADMIN, SYSTEM, require, require_admin, require_client_of
from domain.billing.calendar import add_months
from domain.billing.content import date_from
from domain.billing.ids import contract_id_for
from domain.billing.inputs import NewContract
from domain.billing.money import exact_decimal
from domain.billing.proposal import Proposal
from domain.billing.statuses import ContractStatus, ContractType, ProposalStatus
from domain.context import CommandContext
from domain.errors import InvalidInput, InvalidTransition, RuleViolation

MAX_PERIOD_MONTHS = 120
MAX_HOURS_PER_MONTH = Decimal(744)  # every hour of a 31-day month


class Contract(BatonAggregate):
    """The terms an approved proposal becomes: type, start, period, support hours, special agreements."""

    TOPIC = "baton.contract.Contract"
    proposal_id: str
    client_id: str
    contract_type: str
    start: date
    period_months: int | None
    support_hours_per_month: Decimal
    special_agreements: str
    _status: str = ContractStatus.OFFERED.value
    accepted_by: str = ""
    accepted_at: datetime | None = None
    accepted_from: str = ""

    class Event(BatonAggregate.Event):
        """Base of the contract's events."""

    class Offered(Event, BatonAggregate.Created):
        """The contract was offered to the client (``period_months`` None: open-ended)."""

        TOPIC = "baton.contract.Offered"
        proposal_id: str
        client_id: str
        contract_type: str
        start: date
        period_months: int | None
        support_hours_per_month: Decimal
        special_agreements: str

    Created = Offered

    class Accepted(Event):
        """A client user accepted the contract: who, when and from which network address."""

        TOPIC = "baton.contract.Accepted"
        accepted_by: str
        accepted_at: datetime
        address: str

        def apply(self, aggregate: Contract) -> None:
            aggregate._status = ContractStatus.ACCEPTED.value
            aggregate.accepted_by, aggregate.accepted_at = self.accepted_by, self.accepted_at
            aggregate.accepted_from = self.address

    class Withdrawn(Event):
        """An admin withdrew the offer before the client accepted it."""

        TOPIC = "baton.contract.Withdrawn"
        reason: str

        def apply(self, aggregate: Contract) -> None:
            aggregate._status = ContractStatus.WITHDRAWN.value

    @property
    def status(self) -> ContractStatus:
        return ContractStatus(self._status)

    @property
    def ends_on(self) -> date | None:
        """The first day no longer covered (None: open-ended)."""
        return None if self.period_months is None else add_months(self.start, self.period_months)

    def is_active_on(self, day: date) -> bool:
        """Accepted, and ``day`` falls within its period (what the monthly client report reads)."""
        ends = self.ends_on
        return self.status is ContractStatus.ACCEPTED and self.start <= day and (ends is None or day < ends)

    @classmethod
    def offer(cls, ctx: CommandContext, new: NewContract, proposal: Proposal) -> Contract:
        """Offer the contract of an approved proposal to its client."""
        require(ctx, frozenset({ADMIN, SYSTEM}), "offer a contract")
        if str(proposal.id) != new.proposal_id:
            raise InvalidInput("A contract is offered with the proposal it comes from.")
        if proposal.status is not ProposalStatus.APPROVED:
            raise RuleViolation(f"A contract comes from an approved proposal; this proposal is {proposal.status}.")
        contract: Contract = cls._start(
            cls.Offered, ctx, contract_id_for(proposal.id), proposal_id=new.proposal_id, **cls._terms(new, proposal)
        )
        return contract

    @staticmethod
    def _terms(new: NewContract, proposal: Proposal) -> dict[str, Any]:
        client_id = proposal.client_id or new.client_id
        if not client_id or (new.client_id and new.client_id != client_id):
            msg = "The contract's client must be the proposal's (for a lead's proposal: the client the lead became)."
            raise InvalidInput(msg)
        try:
            kind = ContractType(new.contract_type)
        except ValueError:
            options = ", ".join(t.value for t in ContractType)
            raise InvalidInput(f"'{new.contract_type}' is not a contract type; use one of {options}.") from None
        period = new.period_months
        if period is not None and (
            isinstance(period, bool) or not isinstance(period, int) or not 0 < period <= MAX_PERIOD_MONTHS
        ):
            raise InvalidInput(f"A contract period is 1 to {MAX_PERIOD_MONTHS} months (or none: open-ended).")
        hours = exact_decimal(new.support_hours_per_month, "Support hours per month")
        if not 0 <= hours <= MAX_HOURS_PER_MONTH or hours != hours.quantize(Decimal("0.01")):
            raise InvalidInput("Support hours per month must be between 0 and 744, in hundredths of an hour at most.")
        if (kind is ContractType.MAINTENANCE_AND_SUPPORT) != (hours > 0):
            raise InvalidInput("Included support hours belong to a maintenance_and_support contract, and only to one.")
        return {
            "client_id": client_id,
            "contract_type": kind.value,
            "start": date_from(new.start, date.min, "A contract's start"),
            "period_months": period,
            "support_hours_per_month": hours,
            "special_agreements": new.special_agreements.strip(),
        }

    def accept(self, ctx: CommandContext, acting_client: str, address: str) -> None:
        """The client user accepts the contract from ``address``."""
        require_client_of(ctx, acting_client, self.client_id, "accept this contract")
        if self.status is not ContractStatus.OFFERED:
            raise InvalidTransition(f"Only an offered contract can be accepted; this one is {self.status}.")
        if not address.strip():
            raise InvalidInput("Accepting a contract records the network address it was accepted from.")
        self._record(self.Accepted, ctx, accepted_by=ctx.actor.id, accepted_at=ctx.now, address=address.strip())

    def withdraw(self, ctx: CommandContext, reason: str) -> None:
        """Withdraw the offer before the client accepts it."""
        require_admin(ctx, "withdraw a contract")
        if self.status is not ContractStatus.OFFERED:
            raise InvalidTransition(f"Only an offered contract can be withdrawn; this one is {self.status}.")
        if not reason.strip():
            raise InvalidInput("Withdrawing a contract needs a reason.")
        self._record(self.Withdrawn, ctx, reason=reason.strip())
