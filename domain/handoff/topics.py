"""Giving a ticket a topic: the client's choice, or rules over its text an admin can edit.

A rule is a topic and the phrases that suggest it. The topic whose phrases
match most often wins; a tie goes to the rule listed first; no match gives
``other``. Phrases match whole words, case-insensitively. The same matching
finds the project manager's outstanding item a ticket is about, by its
keywords.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from domain.errors import InvalidInput
from domain.handoff.data import OutstandingItem
from domain.handoff.routing import Topic

MAX_RULES, MAX_PHRASES, MAX_PHRASE = 50, 40, 80


@dataclass(frozen=True)
class TopicRule:
    """Phrases in a ticket's subject or text that suggest ``topic``."""

    topic: Topic
    phrases: tuple[str, ...]


DEFAULT_RULES: tuple[TopicRule, ...] = (
    TopicRule(Topic.BUG_REPORTS, ("bug", "broken", "error", "does not work", "doesn't work", "crash", "not loading")),
    TopicRule(Topic.DESIGN_CHANGES, ("design", "layout", "colour", "color", "font", "logo", "mockup")),
    TopicRule(Topic.CHANGE_ORDERS, ("change order", "new feature", "customisation", "customization", "add a page")),
    TopicRule(Topic.PROJECT_STATUS, ("status", "timeline", "progress", "where are we", "deadline")),
    TopicRule(Topic.SCHEDULING_TRAINING, ("schedule training", "training session", "book a training")),
    TopicRule(Topic.SCHEDULING_MIGRATION, ("migration", "migrate")),
    TopicRule(Topic.SCHEDULING_LAUNCH, ("launch date", "go live", "go-live", "launch")),
    TopicRule(Topic.HOSTING_LOGISTICS, ("hosting", "dns", "domain name", "ssl", "certificate", "server")),
    TopicRule(Topic.CONTRACT, ("contract", "invoice", "quote", "pricing")),
    TopicRule(Topic.QA_TESTING, ("testing", "qa", "quality check", "test site")),
    TopicRule(Topic.HOW_TO, ("how do i", "how to", "how can i", "where do i", "tutorial")),
    TopicRule(Topic.COMPONENT_EDUCATION, ("component", "widget", "module", "block")),
    TopicRule(Topic.CONTENT_EDITING, ("edit", "update the text", "upload", "image", "content")),
)


def _pattern(phrase: str) -> re.Pattern[str]:
    words = [re.escape(w) for w in phrase.lower().split()]
    return re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)")


def _count(phrases: Iterable[str], text: str) -> int:
    return sum(len(_pattern(p).findall(text)) for p in phrases if p.strip())


def classify(subject: str, text: str, rules: Sequence[TopicRule] = DEFAULT_RULES) -> Topic:
    """The topic the rules find in a ticket's subject and text (``other`` when none matches)."""
    haystack = f"{subject}\n{text}".lower()
    best, best_count = Topic.OTHER, 0
    for rule in rules:
        found = _count(rule.phrases, haystack)
        if found > best_count:
            best, best_count = rule.topic, found
    return best


def outstanding_item(subject: str, text: str, items: Sequence[OutstandingItem]) -> str:
    """The project manager's outstanding item the ticket names by a keyword ("" when none)."""
    haystack = f"{subject}\n{text}".lower()
    return next((item.text for item in items if item.keywords and _count(item.keywords, haystack)), "")


def checked_rules(rules: Sequence[TopicRule]) -> list[dict[str, Any]]:
    """Rules an admin wrote, checked, as recorded: a known topic each, a few short phrases."""
    if len(rules) > MAX_RULES:
        raise InvalidInput(f"At most {MAX_RULES} topic rules.")
    recorded: list[dict[str, Any]] = []
    for rule in rules:
        try:
            topic = Topic(rule.topic)
        except ValueError:
            raise InvalidInput(f"'{rule.topic}' is not a topic.") from None
        phrases = list(dict.fromkeys(" ".join(p.lower().split()) for p in rule.phrases if p.strip()))
        if not phrases or len(phrases) > MAX_PHRASES:
            raise InvalidInput(f"A rule for '{topic}' needs 1 to {MAX_PHRASES} phrases.")
        if any(len(p) > MAX_PHRASE or "\x00" in p for p in phrases):
            raise InvalidInput(f"A phrase has at most {MAX_PHRASE} characters.")
        recorded.append({"topic": topic.value, "phrases": phrases})
    return recorded


def rules_of(recorded: Iterable[dict[str, Any]]) -> tuple[TopicRule, ...]:
    """The rules as recorded, read back."""
    return tuple(TopicRule(Topic(r["topic"]), tuple(r["phrases"])) for r in recorded)
