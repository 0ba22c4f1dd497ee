"""The one form every command group takes: load -> act -> commit.

A slice's commands subclass ``CommandGroup`` and, for each command, either
``create`` a new aggregate or ``change`` an existing one by passing the action
to perform on it. The expected version (``If-Match``) and retrying on a
concurrent change live here, once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar, cast
from uuid import UUID

from domain.aggregate import BatonAggregate
from domain.application import BatonApplication, CommandResult
from domain.errors import ConcurrentChange, NotFound

A = TypeVar("A", bound=BatonAggregate)
G = TypeVar("G", bound="CommandGroup")

# How often a command that named no version is run again after losing a race to another writer (a process
# manager, a timer, another user): each attempt loads the latest state and checks the rules afresh.
RETRIES = 3


class CommandGroup:
    """Base of every slice's commands: holds the application and the one load-act-commit loop."""

    def __init__(self, app: BatonApplication) -> None:
        self._app = app

    def create(self, aggregate: BatonAggregate, *others: BatonAggregate) -> CommandResult:
        """Save a new aggregate (and any others changed with it) atomically."""
        return self._app.commit(aggregate, *others)

    def change(
        self,
        cls: type[A],
        aggregate_id: UUID,
        act: Callable[[A], object],
        *,
        expected_version: int | None = None,
        retries: int | None = None,
    ) -> CommandResult:
        """Load ``aggregate_id``, ``act`` on it and save; retry on a concurrent change up to ``retries`` times.

        With ``expected_version`` a mismatch is ``StaleVersion`` and never retried:
        the caller decided on what it saw. Without it the caller asked for the change
        on whatever the record is now, so losing a race to another writer (a
        process manager or a timer touching the same record) runs the action again
        on the newer state, its rules checked afresh, up to ``RETRIES`` times by
        default; ``retries=0`` refuses at the first conflict instead.
        """
        retries = RETRIES if retries is None else retries
        attempt = 0
        while True:
            aggregate = self._app.load_expecting(cls, aggregate_id, expected_version)
            others = act(aggregate)
            extra = tuple(others) if isinstance(others, tuple) else ()
            try:
                return self._app.commit(aggregate, *extra)
            except ConcurrentChange:
                attempt += 1
                if expected_version is not None or attempt > retries:
                    raise

    def find(self, cls: type[A], aggregate_id: UUID) -> A | None:
        """The aggregate, or None when there is none with that id."""
        try:
            return self._app.load(cls, aggregate_id)
        except NotFound:
            return None

    def load(self, cls: type[A], aggregate_id: UUID, *, version: int | None = None) -> A:
        """The aggregate (as of ``version``), or NotFound."""
        return self._app.load(cls, aggregate_id, version=version)


class CommandGroups:
    """One instance of each slice's command group, built on first use: nothing to wire per slice."""

    def __init__(self, app: BatonApplication) -> None:
        self._app = app
        self._groups: dict[type[CommandGroup], CommandGroup] = {}

    def __call__(self, group: type[G]) -> G:
        found = self._groups.get(group)
        if found is None:
            found = self._groups.setdefault(group, group(self._app))
        return cast(G, found)
