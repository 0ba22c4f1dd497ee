"""The lead pipeline's rules, on the in-memory event store."""

from __future__ import annotations

from uuid import UUID

import pytest

from domain.application import BatonApplication
from domain.errors import InvalidInput, InvalidTransition
from domain.leads import Lead, LeadStatus, NewLead
from domain.leads.commands import LeadCommands
from domain.leads.history import notes_up_to
from tests.builders import ctx

S = LeadStatus
FORWARD = [S.NEW, S.CONTACTED, S.QUALIFIED, S.PROPOSAL_SENT, S.CONVERTED]
OPEN = [S.NEW, S.CONTACTED, S.QUALIFIED, S.PROPOSAL_SENT]


def lead_in(leads: LeadCommands, status: LeadStatus) -> UUID:
    """A registered lead walked forward (or lost) to ``status``."""
    lead_id = leads.register(ctx(), NewLead(name="Avery Stone", company="Stone & Co")).id
    if status is S.LOST:
        leads.change_status(ctx(), lead_id, S.LOST, reason="Budget went elsewhere")
        return lead_id
    for step in FORWARD[1 : FORWARD.index(status) + 1]:
        leads.change_status(ctx(), lead_id, step)
    return lead_id


def test_registered_lead_starts_new_with_trimmed_details_when_registered(app: BatonApplication) -> None:
    result = LeadCommands(app).register(
        ctx(), NewLead(name="  Avery Stone ", company=" Stone & Co ", email="avery@stone.example", source="website")
    )
    lead = app.load(Lead, result.id)
    assert (lead.name, lead.company, lead.email, lead.source) == (
        "Avery Stone",
        "Stone & Co",
        "avery@stone.example",
        "website",
    )
    assert lead.status is S.NEW
    assert result.version == 1 and result.position == 1


@pytest.mark.parametrize("name", ["", "   ", "\t\n"])
def test_registration_is_refused_when_the_name_is_blank(leads: LeadCommands, name: str) -> None:
    with pytest.raises(InvalidInput, match="needs a name"):
        leads.register(ctx(), NewLead(name=name))


def test_registration_records_nothing_when_refused(app: BatonApplication, leads: LeadCommands) -> None:
    with pytest.raises(InvalidInput):
        leads.register(ctx(), NewLead(name=" "))
    assert app.recorder.max_notification_id() in (None, 0)


def test_initial_notes_become_the_first_note_when_given(app: BatonApplication, leads: LeadCommands) -> None:
    lead_id = leads.register(ctx(), NewLead(name="Avery", notes=" Met at the meetup ")).id
    assert notes_up_to(app, lead_id) == ["Met at the meetup"]


@pytest.mark.parametrize(("start", "to"), list(zip(FORWARD, FORWARD[1:], strict=False)))
def test_lead_moves_one_step_forward_when_the_transition_is_allowed(
    app: BatonApplication, leads: LeadCommands, start: LeadStatus, to: LeadStatus
) -> None:
    lead_id = lead_in(leads, start)
    before = app.load(Lead, lead_id).version
    result = leads.change_status(ctx(), lead_id, to)
    lead = app.load(Lead, lead_id)
    assert lead.status is to
    assert result.version == lead.version == before + 1


def _refused_pairs() -> list[tuple[LeadStatus, LeadStatus]]:
    allowed = {(a, b) for a, b in zip(FORWARD, FORWARD[1:], strict=False)} | {(s, S.LOST) for s in OPEN}
    return [(a, b) for a in S for b in S if (a, b) not in allowed]


@pytest.mark.parametrize(("start", "to"), _refused_pairs())
def test_status_change_is_refused_naming_current_and_allowed_statuses_when_not_allowed(
    app: BatonApplication, leads: LeadCommands, start: LeadStatus, to: LeadStatus
) -> None:
    lead_id = lead_in(leads, start)
    version = app.load(Lead, lead_id).version
    with pytest.raises(InvalidTransition) as refused:
        leads.change_status(ctx(), lead_id, to, reason="just because")
    message = str(refused.value)
    assert f"from '{start}' to '{to}'" in message
    if start in (S.CONVERTED, S.LOST):
        assert "final" in message
    else:
        nxt = FORWARD[FORWARD.index(start) + 1]
        assert f"'{nxt}'" in message and "'lost'" in message
    assert app.load(Lead, lead_id).version == version


@pytest.mark.parametrize("start", OPEN)
def test_lead_is_lost_with_its_reason_when_marked_lost_from_an_open_status(
    app: BatonApplication, leads: LeadCommands, start: LeadStatus
) -> None:
    lead_id = lead_in(leads, start)
    leads.change_status(ctx(), lead_id, S.LOST, reason="  Chose another agency ")
    lead = app.load(Lead, lead_id)
    assert lead.status is S.LOST
    assert lead.lost_reason == "Chose another agency"


@pytest.mark.parametrize("reason", ["", "   "])
def test_marking_lost_is_refused_when_no_reason_is_given(
    app: BatonApplication, leads: LeadCommands, reason: str
) -> None:
    lead_id = lead_in(leads, S.QUALIFIED)
    with pytest.raises(InvalidInput, match="needs a reason"):
        leads.change_status(ctx(), lead_id, S.LOST, reason=reason)
    assert app.load(Lead, lead_id).status is S.QUALIFIED


@pytest.mark.parametrize("final", [S.CONVERTED, S.LOST])
def test_no_status_is_reachable_when_the_lead_is_final(leads: LeadCommands, final: LeadStatus) -> None:
    lead_id = lead_in(leads, final)
    for to in S:
        with pytest.raises(InvalidTransition, match="final"):
            leads.change_status(ctx(), lead_id, to, reason="retry")


@pytest.mark.parametrize("status", list(S))
def test_note_is_added_when_the_lead_is_in_any_status(
    app: BatonApplication, leads: LeadCommands, status: LeadStatus
) -> None:
    lead_id = lead_in(leads, status)
    leads.add_note(ctx(), lead_id, "  Called back, left a message ")
    lead = app.load(Lead, lead_id)
    assert notes_up_to(app, lead_id)[-1] == "Called back, left a message"
    assert lead.status is status


@pytest.mark.parametrize("text", ["", "  \n "])
def test_note_is_refused_when_blank(leads: LeadCommands, text: str) -> None:
    lead_id = lead_in(leads, S.NEW)
    with pytest.raises(InvalidInput, match="empty"):
        leads.add_note(ctx(), lead_id, text)
