"""The SLA policy: built-in terms, audited edits by admins, and what a target means."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from domain.errors import InvalidInput, NotPermitted, RuleViolation
from domain.tickets import BusinessCalendar, Priority, SlaPolicy, SlaTarget, SlaTerms, TargetUnit, WeeklyHours
from domain.tickets.policy import POLICY_ID
from domain.tickets.policy_commands import SlaPolicyCommands
from tests.unit.tickets.builders import Desk, at

H = timedelta(hours=1)


def test_built_in_terms_follow_the_response_guidelines_when_no_admin_edited_them(desk: Desk) -> None:
    terms = SlaPolicyCommands(desk.app).terms()
    assert {p: terms.target("first_response", p) for p in Priority} == {
        Priority.URGENT: 1 * H,
        Priority.HIGH: 4 * H,
        Priority.NORMAL: 8 * H,
        Priority.LOW: 16 * H,
    }
    assert terms.at_risk_share == Decimal("0.75") and terms.version == 0
    assert terms.target("resolution", Priority.URGENT) is None
    assert (terms.calendar.timezone, terms.calendar.country) == ("Europe/Lisbon", "PT")


def test_business_day_target_follows_the_day_length_when_the_policy_changes_it() -> None:
    terms = SlaTerms(business_day_hours=Decimal("7.5"))
    assert terms.target("first_response", Priority.LOW) == 15 * H
    assert str(SlaTarget(Decimal("1.50"))) == "1.5 hours"
    assert str(SlaTarget(Decimal(2), TargetUnit.BUSINESS_DAYS)) == "2 business days"


def test_first_edit_records_the_terms_it_started_from_then_the_change_when_an_admin_revises(desk: Desk) -> None:
    policy = SlaPolicyCommands(desk.app)
    faster = dict(SlaTerms().first_response) | {Priority.HIGH: SlaTarget(Decimal(2))}
    result = policy.revise(at(desk.admin), SlaTerms(first_response=faster))
    assert result.id == POLICY_ID
    topics = [type(e).TOPIC for e in desk.app.events.get(POLICY_ID)]  # type: ignore[attr-defined]
    assert topics == ["baton.sla_policy.Adopted", "baton.sla_policy.TargetsChanged"]
    assert policy.terms().target("first_response", Priority.HIGH) == 2 * H
    assert policy.terms().version == 2


def test_calendar_edit_is_recorded_on_its_own_when_only_the_calendar_changed(desk: Desk) -> None:
    policy = SlaPolicyCommands(desk.app)
    policy.revise(at(desk.admin), SlaTerms(at_risk_share=Decimal("0.8")))
    calendar = BusinessCalendar(
        timezone="Europe/Lisbon",
        hours=WeeklyHours.from_data(
            {d: [["08:30", "12:30"], ["13:30", "17:30"]] for d in ("mon", "tue", "wed", "thu", "fri")}
        ),
        subdivision="11",
        closed_days=frozenset({date(2026, 12, 24)}),
    )
    policy.revise(at(desk.admin), SlaTerms(at_risk_share=Decimal("0.8"), calendar=calendar))
    last = list(desk.app.events.get(POLICY_ID))[-1]
    assert isinstance(last, SlaPolicy.CalendarChanged)
    terms = policy.terms()
    assert terms.calendar == calendar and terms.at_risk_share == Decimal("0.8")


def test_revision_is_refused_when_nothing_changes(desk: Desk) -> None:
    policy = SlaPolicyCommands(desk.app)
    policy.revise(at(desk.admin), SlaTerms(at_risk_share=Decimal("0.8")))
    with pytest.raises(RuleViolation, match="already reads"):
        policy.revise(at(desk.admin), SlaTerms(at_risk_share=Decimal("0.8")))


@pytest.mark.parametrize("role", ["agent", "client"])
def test_revision_is_refused_when_not_made_by_an_admin(desk: Desk, role: str) -> None:
    with pytest.raises(NotPermitted, match="admin"):
        SlaPolicyCommands(desk.app).revise(at(getattr(desk, role)), SlaTerms(at_risk_share=Decimal("0.5")))
    assert SlaPolicyCommands(desk.app).terms().version == 0


@pytest.mark.parametrize(
    ("make", "complaint"),
    [
        (lambda: SlaTarget(Decimal(0)), "positive"),
        (lambda: SlaTarget(Decimal("NaN")), "positive"),
        (lambda: SlaTarget(Decimal(1), "weeks"), "unit"),  # type: ignore[arg-type]
        (lambda: SlaTerms(first_response={Priority.URGENT: SlaTarget(Decimal(1))}), "Every priority"),
        (lambda: SlaTerms(at_risk_share=Decimal(1)), "at-risk share"),
        (lambda: SlaTerms(business_day_hours=Decimal(25)), "business day"),
    ],
)
def test_terms_are_refused_when_they_make_no_sense(make: object, complaint: str) -> None:
    with pytest.raises(InvalidInput, match=complaint):
        make()  # type: ignore[operator]
