"""Proposals: drafted by admins for a client or a qualified lead, reviewed by staff, sent (moving the lead)."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID

import pytest

from domain.application import BatonApplication
from domain.billing.errors import ProposalExpired
from domain.billing.proposal import Proposal
from domain.billing.proposal_commands import ProposalCommands
from domain.billing.statuses import ProposalStatus
from domain.context import Actor
from domain.errors import InvalidInput, InvalidTransition, NotPermitted, RuleViolation
from domain.leads.aggregate import Lead, LeadStatus
from domain.leads.commands import LeadCommands
from tests.unit.billing.builders import (
    ADMIN,
    EMPLOYEE,
    SYSTEM,
    TODAY,
    at,
    client_user,
    eur,
    line,
    new_proposal,
    qualified_lead,
    sent_proposal,
)


@pytest.fixture
def proposals(app: BatonApplication) -> ProposalCommands:
    return ProposalCommands(app)


def topics(app: BatonApplication, aggregate_id: UUID) -> list[str]:
    return [type(e).TOPIC for e in app.events.get(aggregate_id)]  # type: ignore[attr-defined]


def test_a_draft_carries_its_subtotal_tax_per_rate_and_total_when_drafted(
    app: BatonApplication, proposals: ProposalCommands
) -> None:
    lines = (line("Design", "3", "1000.10", "19"), line("Books", "1", "20.00", "7"), line("Export", "1", "5.00", None))
    proposal = app.load(Proposal, proposals.draft(at(ADMIN), new_proposal(lines=lines)).id)
    assert proposal.status is ProposalStatus.DRAFT
    assert proposal.subtotal == eur("3025.30")
    assert proposal.taxes == {"7": eur("1.40"), "19": eur("570.06")}
    assert proposal.total == eur("3596.76")
    assert topics(app, proposal.id) == ["baton.proposal.Drafted"]


@pytest.mark.parametrize("actor", [EMPLOYEE, SYSTEM, Actor.user(UUID(int=9), "client")])
def test_drafting_is_refused_when_the_actor_is_not_an_admin(proposals: ProposalCommands, actor: Actor) -> None:
    with pytest.raises(NotPermitted, match="Only admin may draft a proposal"):
        proposals.draft(at(actor), new_proposal())


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"client_id": "", "lead_id": ""}, "exactly one of client_id and lead_id"),
        ({"title": "  "}, "needs a title"),
        ({"currency": "EURO"}, "ISO 4217"),
        ({"valid_until": TODAY - timedelta(days=1)}, "valid-until date must be"),
        ({"lines": (line(),) * 201}, "at most 200 lines"),
    ],
)
def test_drafting_is_refused_when_the_input_is_invalid(
    app: BatonApplication, proposals: ProposalCommands, overrides: dict[str, object], message: str
) -> None:
    with pytest.raises(InvalidInput, match=message):
        proposals.draft(at(ADMIN), new_proposal(**overrides))
    assert app.recorder.max_notification_id() in (None, 0)


@pytest.mark.parametrize("status", [LeadStatus.NEW, LeadStatus.CONTACTED, LeadStatus.CONVERTED, LeadStatus.LOST])
def test_drafting_for_a_lead_is_refused_when_the_lead_is_not_qualified(
    app: BatonApplication, proposals: ProposalCommands, status: LeadStatus
) -> None:
    lead_id = qualified_lead(app, status)
    with pytest.raises(RuleViolation, match="only for a qualified lead"):
        proposals.draft(at(ADMIN), new_proposal(client_id="", lead_id=str(lead_id)))


def test_sending_moves_a_qualified_lead_to_proposal_sent_when_both_commit_together(
    app: BatonApplication, proposals: ProposalCommands
) -> None:
    lead_id = qualified_lead(app)
    proposal_id = proposals.draft(at(ADMIN), new_proposal(client_id="", lead_id=str(lead_id))).id
    result = proposals.send(at(ADMIN), proposal_id, expected_version=1)
    assert app.load(Proposal, proposal_id).status is ProposalStatus.SENT
    assert app.load(Lead, lead_id).status is LeadStatus.PROPOSAL_SENT
    # One commit: the two events sit next to each other at the end of the log.
    last_two = app.recorder.select_notifications(start=result.position - 1, limit=2)
    assert {n.topic for n in last_two} == {"baton.proposal.Sent", "baton.lead.StatusChanged"}


def test_sending_retries_and_still_moves_the_lead_when_the_lead_changed_at_the_same_moment(
    app: BatonApplication,
) -> None:
    lead_id = qualified_lead(app)
    raced: list[bool] = []

    class Racing(ProposalCommands):
        def _lead(self, lead_id_text: str) -> Lead | None:
            lead = super()._lead(lead_id_text)
            if not raced:  # someone notes a call on the lead between our load and our commit
                raced.append(True)
                LeadCommands(app).add_note(at(EMPLOYEE), lead_id, "Called about the proposal")
            return lead

    proposals = Racing(app)
    proposal_id = proposals.draft(at(ADMIN), new_proposal(client_id="", lead_id=str(lead_id))).id
    proposals.send(at(ADMIN), proposal_id, expected_version=1)
    lead = app.load(Lead, lead_id)
    assert (lead.status, lead.notes_count, lead.version) == (LeadStatus.PROPOSAL_SENT, 1, 5)
    assert topics(app, proposal_id) == ["baton.proposal.Drafted", "baton.proposal.Sent"]


def test_sending_a_second_proposal_leaves_the_lead_where_it_is_when_one_was_already_sent(
    app: BatonApplication, proposals: ProposalCommands
) -> None:
    lead_id = qualified_lead(app)
    sent_proposal(app, client_id="", lead_id=str(lead_id))
    second = proposals.draft(at(ADMIN), new_proposal(client_id="", lead_id=str(lead_id))).id
    proposals.send(at(ADMIN), second)
    assert app.load(Lead, lead_id).status is LeadStatus.PROPOSAL_SENT
    assert app.load(Proposal, second).status is ProposalStatus.SENT


def test_sending_changes_nothing_when_the_lead_was_lost_after_drafting(
    app: BatonApplication, proposals: ProposalCommands
) -> None:
    lead_id = qualified_lead(app)
    proposal_id = proposals.draft(at(ADMIN), new_proposal(client_id="", lead_id=str(lead_id))).id
    LeadCommands(app).change_status(at(ADMIN), lead_id, LeadStatus.LOST, reason="Went with another agency")
    with pytest.raises(RuleViolation, match="this lead is 'lost'"):
        proposals.send(at(ADMIN), proposal_id)
    assert app.load(Proposal, proposal_id).status is ProposalStatus.DRAFT


@pytest.mark.parametrize(
    ("overrides", "error", "message"),
    [
        ({"lines": ()}, RuleViolation, "at least one line"),
        ({"lines": (line(price="-10.00"),)}, RuleViolation, "total above zero"),
    ],
)
def test_sending_is_refused_when_the_draft_has_nothing_to_offer(
    proposals: ProposalCommands, overrides: dict[str, object], error: type[Exception], message: str
) -> None:
    proposal_id = proposals.draft(at(ADMIN), new_proposal(**overrides)).id
    with pytest.raises(error, match=message):
        proposals.send(at(ADMIN), proposal_id)


def test_sending_is_refused_when_the_valid_until_date_has_passed(proposals: ProposalCommands) -> None:
    proposal_id = proposals.draft(at(ADMIN), new_proposal(valid_until=TODAY)).id
    with pytest.raises(ProposalExpired):
        proposals.send(at(ADMIN, days=1), proposal_id)


def test_sending_is_refused_when_an_employee_tries(proposals: ProposalCommands) -> None:
    proposal_id = proposals.draft(at(ADMIN), new_proposal()).id
    with pytest.raises(NotPermitted):
        proposals.send(at(EMPLOYEE), proposal_id)


def test_revising_recomputes_the_totals_when_lines_change(app: BatonApplication, proposals: ProposalCommands) -> None:
    proposal_id = proposals.draft(at(ADMIN), new_proposal()).id
    proposals.revise(at(ADMIN), proposal_id, lines=(line(quantity="1", price="99.99", tax="20"),), expected_version=1)
    proposal = app.load(Proposal, proposal_id)
    assert (proposal.subtotal, proposal.total, proposal.title) == (eur("99.99"), eur("119.99"), "Website relaunch")


def test_revising_is_refused_when_the_proposal_was_sent(proposals: ProposalCommands, app: BatonApplication) -> None:
    proposal_id = sent_proposal(app)
    with pytest.raises(InvalidTransition, match="Only a draft can be revised"):
        proposals.revise(at(ADMIN), proposal_id, title="Cheaper")


def test_staff_comment_internally_when_reviewing_and_a_client_may_not(
    app: BatonApplication, proposals: ProposalCommands
) -> None:
    proposal_id = proposals.draft(at(ADMIN), new_proposal()).id
    proposals.comment(at(EMPLOYEE), proposal_id, "Hosting price is last year's")
    proposals.comment(at(ADMIN), proposal_id, "Fixed")
    assert app.load(Proposal, proposal_id).review_comments == 2
    with pytest.raises(NotPermitted):
        proposals.comment(at(client_user(app)), proposal_id, "Looks good")
