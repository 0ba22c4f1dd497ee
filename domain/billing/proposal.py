"""The Proposal aggregate: scope and price offered to a client or a qualified lead."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from domain.aggregate import BatonAggregate
from domain.billing.access import ADMIN, EMPLOYEE, require, require_admin, require_client_or_admin
from domain.billing.calendar import today
from domain.billing.content import proposal_content
from domain.billing.errors import AlreadyDecided, ProposalExpired
from domain.billing.inputs import NewProposal
from domain.billing.lead_link import check_lead, mark_proposal_sent
from domain.billing.lines import Line
from domain.billing.money import Money
from domain.billing.statuses import ProposalStatus
from domain.context import CommandContext
from domain.errors import InvalidInput, InvalidTransition, RuleViolation
from domain.leads.aggregate import Lead


class Proposal(BatonAggregate):
    """Scope and price offered to a client or lead, from draft to the client's decision."""

    TOPIC = "baton.proposal.Proposal"
    client_id: str
    lead_id: str
    currency: str
    title: str
    valid_until: date
    lines: list[Line]
    subtotal: Money
    taxes: dict[str, Money]
    total: Money
    # Kept as a plain string: a snapshot stores JSON, which turns an enum into a string anyway.
    _status: str = ProposalStatus.DRAFT.value
    review_comments: int = 0

    class Event(BatonAggregate.Event):
        """Base of the proposal's events."""

    class Drafted(Event, BatonAggregate.Created):
        """An admin drafted a proposal; its totals are computed from the lines."""

        TOPIC = "baton.proposal.Drafted"
        client_id: str
        lead_id: str
        currency: str
        title: str
        valid_until: date
        lines: list[Line]
        subtotal: Money
        taxes: dict[str, Money]
        total: Money

    Created = Drafted

    class Revised(Event):
        """The draft's title, validity or lines changed; the totals are those of the new lines."""

        TOPIC = "baton.proposal.Revised"
        title: str
        valid_until: date
        lines: list[Line]
        subtotal: Money
        taxes: dict[str, Money]
        total: Money

        def apply(self, aggregate: Proposal) -> None:
            aggregate.title, aggregate.valid_until, aggregate.lines = self.title, self.valid_until, self.lines
            aggregate.subtotal, aggregate.taxes, aggregate.total = self.subtotal, self.taxes, self.total

    class ReviewCommented(Event):
        """A staff member commented on the proposal: internal, never shown to the client."""

        TOPIC = "baton.proposal.ReviewCommented"
        text: str

        def apply(self, aggregate: Proposal) -> None:
            aggregate.review_comments += 1

    class Sent(Event):
        """The proposal went to the client, who gets a link to view and decide."""

        TOPIC = "baton.proposal.Sent"

        def apply(self, aggregate: Proposal) -> None:
            aggregate._status = ProposalStatus.SENT.value

    class Approved(Event):
        """The client approved the proposal (``on_behalf``: an admin recorded the client's answer)."""

        TOPIC = "baton.proposal.Approved"
        comment: str
        on_behalf: bool

        def apply(self, aggregate: Proposal) -> None:
            aggregate._status = ProposalStatus.APPROVED.value

    class Declined(Event):
        """The client declined the proposal (``on_behalf``: an admin recorded the client's answer)."""

        TOPIC = "baton.proposal.Declined"
        comment: str
        on_behalf: bool

        def apply(self, aggregate: Proposal) -> None:
            aggregate._status = ProposalStatus.DECLINED.value

    class Withdrawn(Event):
        """An admin withdrew the proposal before the client decided."""

        TOPIC = "baton.proposal.Withdrawn"
        reason: str

        def apply(self, aggregate: Proposal) -> None:
            aggregate._status = ProposalStatus.WITHDRAWN.value

    @property
    def status(self) -> ProposalStatus:
        return ProposalStatus(self._status)

    def is_expired(self, ctx: CommandContext) -> bool:
        """Past its valid-until date (it stays valid through that whole day, UTC)."""
        return today(ctx) > self.valid_until

    @classmethod
    def draft(cls, ctx: CommandContext, proposal_id: UUID, new: NewProposal, lead: Lead | None = None) -> Proposal:
        """Draft a proposal for a client, or for ``lead`` when it is qualified."""
        require_admin(ctx, "draft a proposal")
        if bool(new.client_id) == bool(new.lead_id):
            raise InvalidInput("A proposal is for a client or for a lead: give exactly one of client_id and lead_id.")
        if new.lead_id:
            check_lead(new.lead_id, lead, "drafted")
        fields = proposal_content(ctx, new.title, new.currency, new.valid_until, new.lines)
        proposal: Proposal = cls._start(
            cls.Drafted, ctx, proposal_id, client_id=new.client_id, lead_id=new.lead_id, currency=new.currency, **fields
        )
        return proposal

    def revise(
        self, ctx: CommandContext, *, title: str | None = None, valid_until: date | None = None,
        lines: tuple[Line, ...] | None = None,
    ) -> None:  # fmt: skip
        """Change the draft's title, validity or lines; the totals follow."""
        require_admin(ctx, "revise a proposal")
        if self.status is not ProposalStatus.DRAFT:
            raise InvalidTransition(f"Only a draft can be revised; this proposal is {self.status}.")
        fields = proposal_content(
            ctx,
            self.title if title is None else title,
            self.currency,
            self.valid_until if valid_until is None else valid_until,
            tuple(self.lines) if lines is None else lines,
        )
        self._record(self.Revised, ctx, **fields)

    def comment(self, ctx: CommandContext, text: str) -> None:
        """Add an internal review comment (staff only; allowed in every status)."""
        require(ctx, frozenset({ADMIN, EMPLOYEE}), "comment on a proposal")
        if not text.strip():
            raise InvalidInput("A review comment cannot be empty.")
        self._record(self.ReviewCommented, ctx, text=text.strip())

    def send(self, ctx: CommandContext, lead: Lead | None = None) -> None:
        """Send the draft to the client; a qualified lead moves to ``proposal_sent`` with it."""
        require_admin(ctx, "send a proposal")
        if self.status is not ProposalStatus.DRAFT:
            raise InvalidTransition(f"Only a draft can be sent; this proposal is {self.status}.")
        if not self.lines or not self.total.is_positive:
            raise RuleViolation("A proposal needs at least one line and a total above zero before it is sent.")
        if self.is_expired(ctx):
            raise ProposalExpired(f"This proposal was valid until {self.valid_until}; revise the date before sending.")
        if self.lead_id:
            mark_proposal_sent(ctx, check_lead(self.lead_id, lead, "sent"))
        self._record(self.Sent, ctx)

    def decide(self, ctx: CommandContext, acting_client: str, *, approve: bool, comment: str = "") -> None:
        """The client approves or declines (or an admin records the client's answer)."""
        verb = "approve" if approve else "decline"
        on_behalf = require_client_or_admin(ctx, acting_client, self.client_id, f"{verb} this proposal")
        if self.status in (ProposalStatus.APPROVED, ProposalStatus.DECLINED):
            raise AlreadyDecided(f"This proposal was already {self.status}; the decision stands.")
        if self.status is not ProposalStatus.SENT:
            raise InvalidTransition(f"Only a sent proposal can be decided; this one is {self.status}.")
        if self.is_expired(ctx):
            raise ProposalExpired(f"This proposal expired after {self.valid_until}; ask the agency for a new one.")
        event = self.Approved if approve else self.Declined
        self._record(event, ctx, comment=comment.strip(), on_behalf=on_behalf)

    def withdraw(self, ctx: CommandContext, reason: str) -> None:
        """Withdraw a draft or sent proposal, with the reason why."""
        require_admin(ctx, "withdraw a proposal")
        if self.status not in (ProposalStatus.DRAFT, ProposalStatus.SENT):
            raise InvalidTransition(f"Only a draft or sent proposal can be withdrawn; this one is {self.status}.")
        if not reason.strip():
            raise InvalidInput("Withdrawing a proposal needs a reason.")
        self._record(self.Withdrawn, ctx, reason=reason.strip())
