"""Ownership of a ticket: routed to a side, handed across, "I've got this" (the first claim wins), split off."""

from __future__ import annotations

from typing import Any

import pytest

from domain.application import BatonApplication
from domain.context import Actor
from domain.errors import NotPermitted, RuleViolation
from domain.tickets import Ticket, TicketStatus
from domain.tickets.ownership import AlreadyClaimed, Side, TicketOwnership
from domain.tickets.ownership_commands import TicketOwnershipCommands
from tests.unit.tickets.builders import Desk, at


@pytest.fixture
def desk(app: BatonApplication) -> Desk:
    return Desk(app)


@pytest.fixture
def owners(app: BatonApplication) -> TicketOwnershipCommands:
    return TicketOwnershipCommands(app)


def test_the_first_claim_wins_and_a_second_is_refused_naming_the_owner_when_two_staff_claim(
    desk: Desk, owners: TicketOwnershipCommands
) -> None:
    ticket_id = desk.open()
    owners.claim(at(desk.agent), ticket_id, Side.SUPPORT)
    with pytest.raises(AlreadyClaimed, match=r"Sam Doe \(support\) claimed this ticket first"):
        owners.claim(at(desk.colleague, 1), ticket_id, Side.PROJECT_MANAGER)
    ownership = owners.of(ticket_id)
    assert ownership is not None
    assert (ownership.owner_id, ownership.side) == (desk.agent.id, "support")


def test_claiming_again_changes_nothing_when_the_owner_claims_twice(
    desk: Desk, owners: TicketOwnershipCommands
) -> None:
    ticket_id = desk.open()
    first = owners.claim(at(desk.agent), ticket_id, Side.SUPPORT)
    assert first is not None
    assert owners.claim(at(desk.agent, 1), ticket_id, Side.SUPPORT) is None
    assert owners.of(ticket_id).version == first.version  # type: ignore[union-attr]


def test_a_concurrent_second_claim_is_refused_naming_the_owner_when_both_read_the_same_version(
    app: BatonApplication, desk: Desk, owners: TicketOwnershipCommands, monkeypatch: pytest.MonkeyPatch
) -> None:
    ticket_id = desk.open()
    commit = app.commit
    raced: list[bool] = []

    def racing_commit(*aggregates: Any) -> Any:
        # Just before the colleague's claim is saved, the agent's lands on the same version.
        if not raced:
            raced.append(True)
            TicketOwnershipCommands(app).claim(at(desk.agent), ticket_id, Side.SUPPORT)
        return commit(*aggregates)

    monkeypatch.setattr(app, "commit", racing_commit)
    with pytest.raises(AlreadyClaimed, match="claimed this ticket first"):
        owners.claim(at(desk.colleague), ticket_id, Side.PROJECT_MANAGER)
    monkeypatch.undo()
    claims = [e for e in app.events.get(owners.of(ticket_id).id) if isinstance(e, TicketOwnership.Claimed)]  # type: ignore[union-attr]
    assert [c.owner_id for c in claims] == [desk.agent.id]


def test_claiming_is_refused_when_a_client_claims_or_the_ticket_is_closed(
    desk: Desk, owners: TicketOwnershipCommands
) -> None:
    ticket_id = desk.open()
    with pytest.raises(NotPermitted):
        owners.claim(at(desk.client), ticket_id, Side.SUPPORT)
    closed = desk.in_status(TicketStatus.CLOSED)
    with pytest.raises(RuleViolation, match="closed"):
        owners.claim(at(desk.agent), closed, Side.SUPPORT)


def test_a_released_ticket_can_be_claimed_by_another_when_the_owner_lets_go(
    desk: Desk, owners: TicketOwnershipCommands
) -> None:
    ticket_id = desk.open()
    owners.claim(at(desk.agent), ticket_id, Side.SUPPORT)
    with pytest.raises(NotPermitted, match="owner or an admin"):
        owners.release(at(desk.colleague), ticket_id, "mine now")
    owners.release(at(desk.agent), ticket_id, "It is a project question")
    owners.claim(at(desk.colleague), ticket_id, Side.PROJECT_MANAGER)
    assert owners.of(ticket_id).owner_id == desk.colleague.id  # type: ignore[union-attr]


def test_routing_changes_nothing_when_the_ticket_is_there_already_or_a_person_decided(
    desk: Desk, owners: TicketOwnershipCommands
) -> None:
    system = Actor.system("handoff")
    ticket_id = desk.open()
    assert owners.route(at(system), ticket_id, Side.PROJECT_MANAGER, "bug_reports", "bugs go to the PM") is not None
    assert owners.route(at(system), ticket_id, Side.PROJECT_MANAGER, "bug_reports", "again") is None
    owners.hand_across(at(desk.agent), ticket_id, Side.SUPPORT, "It is a how-to question")
    assert owners.route(at(system), ticket_id, Side.PROJECT_MANAGER, "bug_reports", "replayed") is None
    assert owners.of(ticket_id).side == "support"  # type: ignore[union-attr]


def test_handing_across_records_one_action_and_ends_the_claim_when_the_ticket_was_misrouted(
    desk: Desk, owners: TicketOwnershipCommands
) -> None:
    ticket_id = desk.open()
    owners.claim(at(desk.agent), ticket_id, Side.PROJECT_MANAGER)
    result = owners.hand_across(at(desk.agent), ticket_id, Side.SUPPORT, "How-to question")
    ownership = owners.of(ticket_id)
    assert ownership is not None and result is not None
    assert (ownership.side, ownership.owner_id) == ("support", "")
    with pytest.raises(RuleViolation, match="with support already"):
        owners.hand_across(at(desk.agent), ticket_id, Side.SUPPORT)


def test_a_split_off_part_is_a_new_ticket_linked_both_ways_when_a_client_asks_two_things(
    app: BatonApplication, desk: Desk, owners: TicketOwnershipCommands
) -> None:
    ticket_id = desk.open(subject="Two things", message="1. Redesign the footer 2. How do I add a page?")
    owners.claim(at(desk.agent), ticket_id, Side.PROJECT_MANAGER)
    part = owners.split_off(at(desk.agent, 2), ticket_id, "How to add a page", "How do I add a page?", Side.SUPPORT)
    original, new = owners.of(ticket_id), owners.of(part.id)
    ticket = desk.tickets.get(part.id)
    opened = next(iter(app.events.get(part.id, lte=1)))
    assert original is not None and new is not None
    assert original.parts == [str(part.id)]
    assert (new.split_from, new.side, new.owner_id) == (str(ticket_id), "support", "")
    assert (ticket.subject, ticket.client_id) == ("How to add a page", desk.tickets.get(ticket_id).client_id)
    assert isinstance(opened, Ticket.Opened)
    assert (opened.requester_kind, opened.requester_id) == ("client_user", desk.client.id)
    assert original.owner_id == desk.agent.id  # the original keeps its owner
