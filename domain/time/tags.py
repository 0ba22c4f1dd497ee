"""Hour tags: ``ProjectManagement`` and ``Meetings`` are built in; admins add more to the TagCatalogue."""

from __future__ import annotations

import re
from collections.abc import Iterable
from uuid import NAMESPACE_URL, uuid5

from domain.aggregate import BatonAggregate
from domain.context import CommandContext
from domain.delivery.access import is_admin, require
from domain.errors import InvalidInput, RuleViolation
from domain.time.values import note_of

PROJECT_MANAGEMENT = "ProjectManagement"
MEETINGS = "Meetings"
BUILT_IN = (PROJECT_MANAGEMENT, MEETINGS)
# Hours with these tags stay off a client's plan (seed 003: the monthly report leaves them out).
OFF_PLAN = frozenset(BUILT_IN)
MAX_TAGS = 10
_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_-]{0,39}")
CATALOGUE_ID = uuid5(NAMESPACE_URL, "baton:time-tags")


def known_name(name: str, known: Iterable[str]) -> str | None:
    """The spelling ``known`` has for ``name`` (tags compare without regard to case)."""
    wanted = name.strip().lower()
    return next((tag for tag in known if tag.lower() == wanted), None)


class TagCatalogue(BatonAggregate):
    """The tags admins added beside the built-in ones (one catalogue for the agency)."""

    TOPIC = "baton.time.TagCatalogue"

    class Event(BatonAggregate.Event):
        """Base of the catalogue's events."""

    class Started(Event, BatonAggregate.Created):
        """The first tag beyond the built-in ones was added."""

        TOPIC = "baton.time.TagCatalogueStarted"

    Created = Started

    class TagAdded(Event):
        """An admin added a tag people may put on their hours."""

        TOPIC = "baton.time.TagAdded"
        name: str
        description: str

        def apply(self, aggregate: TagCatalogue) -> None:
            aggregate.added.append(self.name)

    def __init__(self) -> None:
        self.added: list[str] = []

    @classmethod
    def start(cls, ctx: CommandContext) -> TagCatalogue:
        started: TagCatalogue = cls._start(cls.Started, ctx, CATALOGUE_ID)
        return started

    @property
    def names(self) -> list[str]:
        return [*BUILT_IN, *self.added]

    def add(self, ctx: CommandContext, name: str, description: str = "") -> None:
        """Add a tag: a letter, then letters, digits, ``_`` or ``-``, 40 at most; unique without regard to case."""
        require(is_admin(ctx.actor), "Only an admin may add hour tags.")
        name = name.strip()
        if not _NAME.fullmatch(name):
            raise InvalidInput(
                f"'{name}' is not a tag name: start with a letter, then letters, digits, '_' or '-' (40 at most)."
            )
        if (same := known_name(name, self.names)) is not None:
            raise RuleViolation(f"The tag '{same}' already exists.")
        self._record(self.TagAdded, ctx, name=name, description=note_of(description))


def checked_tags(tags: Iterable[str], catalogue: TagCatalogue | None) -> list[str]:
    """``tags`` in their catalogue spelling, each once, sorted; InvalidInput naming the known tags otherwise."""
    known = catalogue.names if catalogue is not None else list(BUILT_IN)
    found: list[str] = []
    for tag in tags:
        name = known_name(tag, known)
        if name is None:
            raise InvalidInput(f"'{tag.strip()}' is not a known tag. Known tags: {', '.join(known)}.")
        if name not in found:
            found.append(name)
    if len(found) > MAX_TAGS:
        raise InvalidInput(f"An entry carries at most {MAX_TAGS} tags.")
    return sorted(found)
