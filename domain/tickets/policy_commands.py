"""Commands on the desk's admin-edited settings: the SLA policy and the urgent categories."""

from __future__ import annotations

from domain.application import CommandResult
from domain.commands import CommandGroup
from domain.context import CommandContext
from domain.tickets.catalogue import CATALOGUE_ID, UrgentCatalogue
from domain.tickets.policy import POLICY_ID, SlaPolicy
from domain.tickets.sla import SlaTerms
from domain.tickets.urgency import DEFAULT_URGENT_CATEGORIES, UrgentCategory


class SlaPolicyCommands(CommandGroup):
    """Read and revise the SLA policy."""

    def terms(self) -> SlaTerms:
        """The terms in force: the recorded policy, or the built-in terms before any edit."""
        policy = self.find(SlaPolicy, POLICY_ID)
        return SlaTerms() if policy is None else policy.terms

    def revise(self, ctx: CommandContext, terms: SlaTerms, *, expected_version: int | None = None) -> CommandResult:
        """Put new SLA terms in force (admins only); the first edit records the policy."""
        if self.find(SlaPolicy, POLICY_ID) is None:
            policy = SlaPolicy.adopt(ctx, SlaTerms())
            policy.revise(ctx, terms)
            return self.create(policy)
        return self.change(SlaPolicy, POLICY_ID, lambda p: p.revise(ctx, terms), expected_version=expected_version)


class UrgentCategoryCommands(CommandGroup):
    """Read and edit the urgent categories."""

    def categories(self) -> tuple[UrgentCategory, ...]:
        """The categories in force: the recorded catalogue, or the defaults before any edit."""
        catalogue = self.find(UrgentCatalogue, CATALOGUE_ID)
        return DEFAULT_URGENT_CATEGORIES if catalogue is None else catalogue.categories

    def save(
        self, ctx: CommandContext, category: UrgentCategory, *, expected_version: int | None = None
    ) -> CommandResult:
        """Add an urgent category or change one (admins only)."""
        if self.find(UrgentCatalogue, CATALOGUE_ID) is None:
            catalogue = UrgentCatalogue.start(ctx)
            catalogue.save(ctx, category)
            return self.create(catalogue)
        return self.change(
            UrgentCatalogue, CATALOGUE_ID, lambda c: c.save(ctx, category), expected_version=expected_version
        )

    def remove(self, ctx: CommandContext, key: str, *, expected_version: int | None = None) -> CommandResult:
        """Remove an urgent category (admins only)."""
        if self.find(UrgentCatalogue, CATALOGUE_ID) is None:
            catalogue = UrgentCatalogue.start(ctx)
            catalogue.remove(ctx, key)
            return self.create(catalogue)
        return self.change(
            UrgentCatalogue, CATALOGUE_ID, lambda c: c.remove(ctx, key), expected_version=expected_version
        )
