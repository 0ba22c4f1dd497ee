"""The rules that give a ticket a topic from its text, as an admin last set them (audited by their events)."""

from __future__ import annotations

from typing import Any

from domain.aggregate import BatonAggregate


class TopicRules(BatonAggregate):
    """The admin's rules for classifying tickets into topics (none recorded: Baton's defaults)."""

    TOPIC = "baton.handoff.TopicRules"

    class Event(BatonAggregate.Event):
        """Base of the topic rules' events."""

    class RulesSet(Event, BatonAggregate.Created):
        """An admin first replaced Baton's default rules."""

        TOPIC = "baton.handoff.TopicRulesSet"
        rules: list[dict[str, Any]]

    Created = RulesSet

    class RulesChanged(Event):
        """An admin changed the rules; ``rules`` is the whole new list."""

        TOPIC = "baton.handoff.TopicRulesChanged"
        rules: list[dict[str, Any]]

        def apply(self, aggregate: TopicRules) -> None:
            aggregate.rules = list(self.rules)

    def __init__(self, rules: list[dict[str, Any]]) -> None:
        self.rules = list(rules)
