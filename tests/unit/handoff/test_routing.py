"""The routing table by stage, topics from the client's choice or the admin's rules, and the PM's outstanding items."""

from __future__ import annotations

import pytest

from domain.errors import InvalidInput, NotPermitted
from domain.handoff import OutstandingItem, Stage, Topic, route
from domain.handoff.routing import PM_TOPICS, SUPPORT_TOPICS, table, topic_of
from domain.handoff.topic_rule_commands import TopicRuleCommands
from domain.handoff.topics import DEFAULT_RULES, TopicRule, classify, outstanding_item
from domain.tickets.ownership import Side
from tests.unit.handoff.world import World


@pytest.mark.parametrize("stage", [Stage.NOT_STARTED, Stage.CANCELLED])
def test_nothing_is_routed_when_the_client_is_not_trained_or_the_handoff_cancelled(stage: Stage) -> None:
    assert route(stage, Topic.HOW_TO) is None


@pytest.mark.parametrize("stage", [Stage.CLIENT_TRAINED, Stage.LAUNCHED])
@pytest.mark.parametrize("topic", sorted(PM_TOPICS))
def test_project_topics_go_to_the_project_manager_when_the_project_is_not_handed_off(
    stage: Stage, topic: Topic
) -> None:
    found = route(stage, topic)
    assert found is not None
    assert found.side is Side.PROJECT_MANAGER


@pytest.mark.parametrize("topic", sorted(SUPPORT_TOPICS))
def test_how_to_topics_go_to_support_when_the_client_is_trained(topic: Topic) -> None:
    assert route(Stage.CLIENT_TRAINED, topic).side is Side.SUPPORT  # type: ignore[union-attr]


def test_an_unrecognised_topic_stays_with_the_project_manager_when_before_handoff() -> None:
    assert route(Stage.CLIENT_TRAINED, Topic.OTHER).side is Side.PROJECT_MANAGER  # type: ignore[union-attr]


@pytest.mark.parametrize("topic", list(Topic))
def test_every_topic_goes_to_support_when_handed_off(topic: Topic) -> None:
    assert route(Stage.HANDED_OFF, topic).side is Side.SUPPORT  # type: ignore[union-attr]


def test_the_pms_outstanding_item_goes_to_the_project_manager_when_handed_off() -> None:
    found = route(Stage.HANDED_OFF, Topic.HOW_TO, pm_item="Events calendar import")
    assert found is not None
    assert found.side is Side.PROJECT_MANAGER
    assert "Events calendar import" in found.reason


def test_design_changes_are_change_orders_when_the_window_after_handoff_has_closed() -> None:
    inside = route(Stage.HANDED_OFF, Topic.DESIGN_CHANGES, window_open=True)
    after = route(Stage.HANDED_OFF, Topic.DESIGN_CHANGES, window_open=False)
    how_to = route(Stage.HANDED_OFF, Topic.HOW_TO, window_open=False)
    assert (inside.change_order, after.change_order, how_to.change_order) == (False, True, False)  # type: ignore[union-attr]


def test_the_clients_table_lists_every_named_topic_when_given_for_a_stage() -> None:
    before = dict(table(Stage.CLIENT_TRAINED))
    assert len(before) == len(Topic) - 1
    assert before[Topic.BUG_REPORTS] is Side.PROJECT_MANAGER
    assert before[Topic.CONTENT_EDITING] is Side.SUPPORT
    assert set(dict(table(Stage.HANDED_OFF)).values()) == {Side.SUPPORT}


@pytest.mark.parametrize(
    ("subject", "text", "topic"),
    [
        ("The contact form is broken", "It shows an error when sent", Topic.BUG_REPORTS),
        ("Question", "How do I add a news item?", Topic.HOW_TO),
        ("Logo", "Could the logo and the colour of the header change?", Topic.DESIGN_CHANGES),
        ("Hello", "Just saying thanks", Topic.OTHER),
        ("Launch", "When is the launch date? We need the go live plan", Topic.SCHEDULING_LAUNCH),
    ],
)
def test_a_ticket_gets_the_topic_its_words_suggest_when_classified(subject: str, text: str, topic: Topic) -> None:
    assert classify(subject, text) is topic


def test_phrases_match_whole_words_only_when_classified() -> None:
    assert classify("Errors", "terrorism statistics page") is Topic.OTHER
    assert classify("", "an error") is Topic.BUG_REPORTS


def test_a_ticket_about_an_outstanding_item_is_found_by_its_keywords_when_named() -> None:
    items = (OutstandingItem("Events calendar import", ("calendar", "ics feed")),)
    assert outstanding_item("The calendar is empty", "", items) == "Events calendar import"
    assert outstanding_item("Menu", "The ICS   feed fails", items) == "Events calendar import"
    assert outstanding_item("Menu", "Nothing related", items) == ""


def test_a_client_chosen_topic_is_read_by_name_when_known_and_other_when_not() -> None:
    assert topic_of(" How_To ") is Topic.HOW_TO
    assert topic_of("gossip") is Topic.OTHER


def test_the_admins_rules_replace_the_defaults_when_set(world: World) -> None:
    rules = TopicRuleCommands(world.app)
    assert rules.rules() == DEFAULT_RULES
    mine = (TopicRule(Topic.HOSTING_LOGISTICS, ("Email Server", "mx record")),)
    rules.set_rules(world.as_("admin"), mine)
    assert rules.rules() == (TopicRule(Topic.HOSTING_LOGISTICS, ("email server", "mx record")),)
    assert classify("", "Our MX record is wrong", rules.rules()) is Topic.HOSTING_LOGISTICS
    second = rules.set_rules(world.as_("admin"), DEFAULT_RULES, expected_version=1)
    assert second.version == 2
    assert rules.rules() == DEFAULT_RULES


def test_rules_are_refused_when_a_non_admin_edits_them_or_they_are_empty(world: World) -> None:
    rules = TopicRuleCommands(world.app)
    with pytest.raises(NotPermitted):
        rules.set_rules(world.as_("manager"), DEFAULT_RULES)
    with pytest.raises(InvalidInput, match="phrases"):
        rules.set_rules(world.as_("admin"), (TopicRule(Topic.HOW_TO, (" ",)),))
    with pytest.raises(InvalidInput, match="not a topic"):
        rules.set_rules(world.as_("admin"), (TopicRule("weather", ("rain",)),))  # type: ignore[arg-type]
