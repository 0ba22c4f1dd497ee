"""Proposals: one row per proposal (the staff list and the client's portal), its internal review comments, counts."""

from __future__ import annotations

from domain.billing.proposal import Proposal
from domain.billing.statuses import ProposalStatus
from projections.billing.documents import lines_json, taxes_json
from projections.engine import Appends, Column, Entities, Fold, Projection, counts, handles
from projections.engine import position_column as position
from projections.engine import version_column as version

PROPOSALS = Entities(
    "proposal_list",
    (
        Column("id", "uuid"),
        Column("client_id", "text"),
        Column("lead_id", "text"),
        Column("title", "text", changes=True),
        Column("currency", "text"),
        Column("status", "text", changes=True),
        Column("valid_until", "date", changes=True),
        Column("lines", "text", changes=True),
        Column("line_count", "integer", changes=True),
        Column("subtotal", "numeric", changes=True),
        Column("taxes", "text", changes=True),
        Column("total", "numeric", changes=True),
        Column("review_comments", "integer", changes=True, default=0),
        Column("sent_at", "timestamptz", changes=True, default=None),
        Column("sent_by", "text", changes=True, default=""),
        Column("decided_at", "timestamptz", changes=True, default=None),
        Column("decided_by", "text", changes=True, default=""),
        Column("decision_comment", "text", changes=True, default=""),
        Column("decided_on_behalf", "boolean", changes=True, default=False),
        Column("withdrawn_reason", "text", changes=True, default=""),
        Column("created_at", "timestamptz"),
        Column("created_by", "text"),
        Column("updated_at", "timestamptz", changes=True),
        version(),
        position(),
    ),
    indexes=("(created_at, id)", "(updated_at, id)", "(client_id, status)", "(lead_id)"),
)

# Internal: never shown to a client user.
REVIEWS = Appends(
    "proposal_reviews",
    (
        Column("proposal_id", "uuid"),
        Column("version", "integer"),
        Column("text", "text"),
        Column("author_id", "text"),
        Column("written_at", "timestamptz"),
    ),
    key=("proposal_id", "version"),
)

COUNTS = counts("proposal_counts", of=PROPOSALS, by=("status",), column="proposals")


class ProposalBoard(Projection):
    """Proposals by status and client, with their lines, totals, decision and internal review."""

    name = "proposals"
    version = 1
    tables = (PROPOSALS, REVIEWS, COUNTS)

    @handles(Proposal.Drafted)
    def drafted(self, fold: Fold, e: Proposal.Drafted) -> None:
        fold.insert(
            PROPOSALS,
            e,
            client_id=e.client_id,
            lead_id=e.lead_id,
            title=e.title,
            currency=e.currency,
            status=ProposalStatus.DRAFT.value,
            valid_until=e.valid_until,
            lines=lines_json(e.lines),
            line_count=len(e.lines),
            subtotal=e.subtotal.amount,
            taxes=taxes_json(e.taxes),
            total=e.total.amount,
            created_at=e.timestamp,
            created_by=e.actor_id,
        )

    @handles(Proposal.Revised)
    def revised(self, fold: Fold, e: Proposal.Revised) -> None:
        if (row := fold.update(PROPOSALS, e)) is not None:
            row.update(
                title=e.title,
                valid_until=e.valid_until,
                lines=lines_json(e.lines),
                line_count=len(e.lines),
                subtotal=e.subtotal.amount,
                taxes=taxes_json(e.taxes),
                total=e.total.amount,
            )

    @handles(Proposal.ReviewCommented)
    def commented(self, fold: Fold, e: Proposal.ReviewCommented) -> None:
        if (row := fold.update(PROPOSALS, e)) is not None:
            row["review_comments"] += 1
        fold.append(
            REVIEWS,
            proposal_id=e.originator_id,
            version=e.originator_version,
            text=e.text,
            author_id=e.actor_id,
            written_at=e.timestamp,
        )

    @handles(Proposal.Sent)
    def sent(self, fold: Fold, e: Proposal.Sent) -> None:
        if (row := fold.update(PROPOSALS, e)) is not None:
            row.update(status=ProposalStatus.SENT.value, sent_at=e.timestamp, sent_by=e.actor_id)

    @handles(Proposal.Approved)
    def approved(self, fold: Fold, e: Proposal.Approved) -> None:
        _decided(fold, e, ProposalStatus.APPROVED, e.comment, e.on_behalf)

    @handles(Proposal.Declined)
    def declined(self, fold: Fold, e: Proposal.Declined) -> None:
        _decided(fold, e, ProposalStatus.DECLINED, e.comment, e.on_behalf)

    @handles(Proposal.Withdrawn)
    def withdrawn(self, fold: Fold, e: Proposal.Withdrawn) -> None:
        if (row := fold.update(PROPOSALS, e)) is not None:
            row.update(status=ProposalStatus.WITHDRAWN.value, withdrawn_reason=e.reason)


def _decided(fold: Fold, e: Proposal.Event, status: ProposalStatus, comment: str, on_behalf: bool) -> None:
    if (row := fold.update(PROPOSALS, e)) is not None:
        row.update(
            status=status.value,
            decided_at=e.timestamp,
            decided_by=e.actor_id,
            decision_comment=comment,
            decided_on_behalf=on_behalf,
        )
