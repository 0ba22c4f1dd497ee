"""Reading and editing the rules that give a ticket a topic (admins edit; none recorded: Baton's defaults)."""

from __future__ import annotations

from collections.abc import Sequence

from domain.application import CommandResult
from domain.commands import CommandGroup
from domain.context import CommandContext
from domain.delivery.access import is_admin, require
from domain.handoff.ids import topic_rules_id
from domain.handoff.topic_rules import TopicRules
from domain.handoff.topics import DEFAULT_RULES, TopicRule, checked_rules, rules_of


class TopicRuleCommands(CommandGroup):
    """Reading and editing the topic rules."""

    def rules(self) -> tuple[TopicRule, ...]:
        """The rules in force: the admin's, or Baton's defaults."""
        found = self.find(TopicRules, topic_rules_id())
        return DEFAULT_RULES if found is None else rules_of(found.rules)

    def set_rules(
        self, ctx: CommandContext, rules: Sequence[TopicRule], *, expected_version: int | None = None
    ) -> CommandResult:
        """Replace the rules (admins); the first edit replaces the defaults."""
        require(is_admin(ctx.actor), "Only an admin may change how tickets are given a topic.")
        recorded = checked_rules(rules)
        if self.find(TopicRules, topic_rules_id()) is None:
            created: TopicRules = TopicRules._start(TopicRules.RulesSet, ctx, topic_rules_id(), rules=recorded)
            return self.create(created)

        def act(found: TopicRules) -> None:
            found._record(TopicRules.RulesChanged, ctx, rules=recorded)

        return self.change(TopicRules, topic_rules_id(), act, expected_version=expected_version)
