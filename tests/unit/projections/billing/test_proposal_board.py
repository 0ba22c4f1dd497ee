"""The proposal board's rows, review comments and counts, folded from proposal events without PostgreSQL."""

from __future__ import annotations

import json
from decimal import Decimal

from domain.application import BatonApplication
from domain.billing.proposal_commands import ProposalCommands
from projections.billing import ProposalBoard
from projections.engine import replay
from tests.unit.billing.builders import ADMIN, EMPLOYEE, at, client_user, line, new_proposal, sent_proposal
from tests.unit.projections.log import events_of


def test_drafted_proposal_is_a_row_with_its_lines_and_totals_as_decimals_when_folded(app: BatonApplication) -> None:
    proposal = (
        ProposalCommands(app).draft(at(ADMIN), new_proposal(lines=(line(), line("Hosting", "1", "99.99", None)))).id
    )

    (row,) = replay(ProposalBoard(), events_of(app)).rows("proposal_list")

    assert (row["id"], row["status"], row["line_count"]) == (proposal, "draft", 2)
    assert (row["subtotal"], row["total"]) == (Decimal("1099.99"), Decimal("1289.99"))
    assert json.loads(row["taxes"]) == {"19": "190.00"}
    assert json.loads(row["lines"])[1] == {
        "description": "Hosting", "quantity": "1", "unit_price": "99.99", "tax_rate": None, "net": "99.99", "tax": "0.00"
    }  # fmt: skip


def test_client_decision_is_kept_with_its_comment_and_time_when_approved(app: BatonApplication) -> None:
    proposal = sent_proposal(app)
    ProposalCommands(app).approve(at(client_user(app), days=1), proposal, "Looks right")

    view = replay(ProposalBoard(), events_of(app))

    (row,) = view.rows("proposal_list")
    assert (row["status"], row["decision_comment"], row["decided_on_behalf"]) == ("approved", "Looks right", False)
    assert row["sent_at"] < row["decided_at"] and row["sent_by"] == ADMIN.id
    assert view.rows("proposal_counts") == [{"status": "approved", "proposals": 1}]


def test_review_comments_are_kept_apart_and_counted_when_staff_comment(app: BatonApplication) -> None:
    proposals = ProposalCommands(app)
    proposal = proposals.draft(at(ADMIN), new_proposal()).id
    proposals.comment(at(EMPLOYEE), proposal, "Check the hosting price")
    proposals.comment(at(ADMIN), proposal, "Done")

    view = replay(ProposalBoard(), events_of(app))

    assert view.rows("proposal_list")[0]["review_comments"] == 2
    assert [(r["text"], r["author_id"]) for r in view.rows("proposal_reviews")] == [
        ("Check the hosting price", EMPLOYEE.id),
        ("Done", ADMIN.id),
    ]


def test_revised_and_withdrawn_proposal_shows_its_new_lines_and_reason_when_folded(app: BatonApplication) -> None:
    proposals = ProposalCommands(app)
    proposal = proposals.draft(at(ADMIN), new_proposal()).id
    proposals.revise(at(ADMIN), proposal, title="Relaunch, phase one", lines=(line(quantity="1"),))
    proposals.withdraw(at(ADMIN), proposal, "Client paused the project")

    (row,) = replay(ProposalBoard(), events_of(app)).rows("proposal_list")

    assert (row["title"], row["total"], row["status"]) == ("Relaunch, phase one", Decimal("595.00"), "withdrawn")
    assert (row["withdrawn_reason"], row["version"]) == ("Client paused the project", 3)


def test_board_is_the_same_folded_in_one_batch_as_event_by_event_when_replayed(app: BatonApplication) -> None:
    for _ in range(3):
        proposal = sent_proposal(app)
        ProposalCommands(app).comment(at(EMPLOYEE), proposal, "ok")
    events = events_of(app)
    one, many = replay(ProposalBoard(), events), replay(ProposalBoard(), events, batch=len(events))
    for table in ("proposal_list", "proposal_reviews", "proposal_counts"):
        assert one.rows(table) == many.rows(table)
