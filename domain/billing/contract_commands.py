"""Commands on contracts: offer from an approved proposal, the client's acceptance, withdrawal."""

from __future__ import annotations

from uuid import UUID

from domain.application import CommandResult
from domain.billing.changes import BillingCommands, uuid_of
from domain.billing.contract import Contract
from domain.billing.ids import contract_id_for
from domain.billing.inputs import NewContract
from domain.billing.proposal import Proposal
from domain.context import CommandContext
from domain.errors import RuleViolation

__all__ = ["ContractCommands", "NewContract"]


class ContractCommands(BillingCommands):
    """The write side of contracts."""

    def offer(self, ctx: CommandContext, contract: NewContract) -> CommandResult:
        """Offer the contract of an approved proposal; one per proposal."""
        proposal = self.load(Proposal, uuid_of(contract.proposal_id, "proposal"))
        if self.find(Contract, contract_id_for(proposal.id)) is not None:
            raise RuleViolation("This proposal already has a contract; withdraw it or change that one.")
        return self.create(Contract.offer(ctx, contract, proposal))

    def accept(
        self, ctx: CommandContext, contract_id: UUID, address: str, *, expected_version: int | None = None
    ) -> CommandResult:
        """The client user accepts the contract; who, when and from where are recorded."""
        client = self.acting_client(ctx)
        return self.change(
            Contract, contract_id, lambda c: c.accept(ctx, client, address), expected_version=expected_version
        )

    def withdraw(
        self, ctx: CommandContext, contract_id: UUID, reason: str, *, expected_version: int | None = None
    ) -> CommandResult:
        """Withdraw an offered contract."""
        return self.change(Contract, contract_id, lambda c: c.withdraw(ctx, reason), expected_version=expected_version)
