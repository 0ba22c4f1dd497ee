"""Proposals: the client decides (or an admin records the answer) before the proposal expires, once."""

from __future__ import annotations

from datetime import timedelta

import pytest

from domain.application import BatonApplication
from domain.billing.errors import AlreadyDecided, ProposalExpired
from domain.billing.proposal import Proposal
from domain.billing.proposal_commands import ProposalCommands
from domain.billing.statuses import ProposalStatus
from domain.errors import InvalidInput, InvalidTransition, NotPermitted
from tests.unit.billing.builders import (
    ADMIN,
    CLIENT_ID,
    EMPLOYEE,
    TODAY,
    at,
    client_user,
    new_proposal,
    qualified_lead,
    sent_proposal,
)


@pytest.fixture
def proposals(app: BatonApplication) -> ProposalCommands:
    return ProposalCommands(app)


def test_the_client_user_approves_with_a_comment_when_the_proposal_is_theirs(
    app: BatonApplication, proposals: ProposalCommands
) -> None:
    proposal_id = sent_proposal(app)
    proposals.approve(at(client_user(app)), proposal_id, " Go ahead ", expected_version=2)
    (approved,) = [e for e in app.events.get(proposal_id) if isinstance(e, Proposal.Approved)]
    assert (approved.comment, approved.on_behalf) == ("Go ahead", False)
    assert app.load(Proposal, proposal_id).status is ProposalStatus.APPROVED


def test_an_admin_records_the_decision_on_the_clients_behalf_when_it_came_another_way(
    app: BatonApplication, proposals: ProposalCommands
) -> None:
    proposal_id = sent_proposal(app)
    proposals.decline(at(ADMIN), proposal_id, "Declined by phone: budget moved to next year")
    (declined,) = [e for e in app.events.get(proposal_id) if isinstance(e, Proposal.Declined)]
    assert declined.on_behalf is True
    assert app.load(Proposal, proposal_id).status is ProposalStatus.DECLINED


@pytest.mark.parametrize("who", ["other client", "inactive client", "employee"])
def test_deciding_is_refused_when_the_actor_is_not_a_user_of_the_proposals_client(
    app: BatonApplication, proposals: ProposalCommands, who: str
) -> None:
    proposal_id = sent_proposal(app)
    actor = {
        "other client": lambda: client_user(app, client_id="client-other"),
        "inactive client": lambda: client_user(app, active=False),
        "employee": lambda: EMPLOYEE,
    }[who]()
    with pytest.raises(NotPermitted):
        proposals.approve(at(actor), proposal_id)
    assert app.load(Proposal, proposal_id).status is ProposalStatus.SENT


def test_deciding_is_refused_when_the_proposal_has_expired(app: BatonApplication, proposals: ProposalCommands) -> None:
    proposal_id = sent_proposal(app, valid_until=TODAY + timedelta(days=3))
    client = client_user(app)
    proposals.comment(at(ADMIN, days=3), proposal_id, "Last day")
    with pytest.raises(ProposalExpired, match="expired"):
        proposals.approve(at(client, days=4), proposal_id)
    proposals.approve(at(client, days=3), proposal_id)  # still valid through its last day


@pytest.mark.parametrize("first", ["approve", "decline"])
def test_deciding_again_is_refused_when_the_proposal_was_already_decided(
    app: BatonApplication, proposals: ProposalCommands, first: str
) -> None:
    proposal_id = sent_proposal(app)
    client = client_user(app)
    getattr(proposals, first)(at(client), proposal_id)
    for again in (proposals.approve, proposals.decline):
        with pytest.raises(AlreadyDecided, match="decision stands"):
            again(at(client), proposal_id)


def test_deciding_is_refused_when_the_proposal_is_still_a_draft(
    app: BatonApplication, proposals: ProposalCommands
) -> None:
    proposal_id = proposals.draft(at(ADMIN), new_proposal()).id
    with pytest.raises(InvalidTransition, match="Only a sent proposal"):
        proposals.approve(at(client_user(app)), proposal_id)


def test_a_lead_proposal_is_decided_only_by_an_admin_when_the_lead_has_no_client_users(
    app: BatonApplication, proposals: ProposalCommands
) -> None:
    proposal_id = sent_proposal(app, client_id="", lead_id=str(qualified_lead(app)))
    with pytest.raises(NotPermitted):
        proposals.approve(at(client_user(app, client_id=CLIENT_ID)), proposal_id)
    proposals.approve(at(ADMIN), proposal_id, "Signed offer received by email")
    assert app.load(Proposal, proposal_id).status is ProposalStatus.APPROVED


def test_withdrawing_needs_a_reason_and_ends_the_proposal_when_not_yet_decided(
    app: BatonApplication, proposals: ProposalCommands
) -> None:
    proposal_id = sent_proposal(app)
    with pytest.raises(InvalidInput, match="needs a reason"):
        proposals.withdraw(at(ADMIN), proposal_id, " ")
    proposals.withdraw(at(ADMIN), proposal_id, "Scope changed")
    assert app.load(Proposal, proposal_id).status is ProposalStatus.WITHDRAWN
    with pytest.raises(InvalidTransition):
        proposals.approve(at(client_user(app)), proposal_id)
