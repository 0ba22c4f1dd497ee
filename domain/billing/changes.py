"""Billing's one addition to the command form: changes that save a second aggregate alongside.

Sending an invoice also advances its number series; sending a lead's proposal
also moves the lead. A collision on that second aggregate says nothing about
what the caller saw, so it is retried even when the caller named the version of
the first one (which is checked again on every attempt).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar
from uuid import UUID

from domain.aggregate import BatonAggregate
from domain.application import CommandResult
from domain.commands import CommandGroup
from domain.context import CommandContext
from domain.errors import InvalidInput, StaleVersion
from domain.users.aggregate import User
from domain.users.roles import UserStatus

A = TypeVar("A", bound=BatonAggregate)

# Each retry means another command got through first, so a busy series still
# moves on; this bound only stops a runaway loop.
RETRIES = 50


def uuid_of(value: str, what: str) -> UUID:
    """``value`` as a UUID, or bad input naming ``what``."""
    try:
        return UUID(value)
    except (ValueError, AttributeError, TypeError):
        raise InvalidInput(f"'{value}' is not the id of a {what}.") from None


class BillingCommands(CommandGroup):
    """Base of billing's command groups."""

    def change_alongside(
        self,
        cls: type[A],
        aggregate_id: UUID,
        act: Callable[[A], tuple[BatonAggregate, ...]],
        *,
        expected_version: int | None = None,
    ) -> CommandResult:
        """Act on ``aggregate_id`` and save it with the aggregates ``act`` returns, retrying their collisions."""

        def checked(aggregate: A) -> tuple[BatonAggregate, ...]:
            if expected_version is not None and aggregate.version != expected_version:
                label = cls.__name__.lower()
                msg = (
                    f"The {label} changed since you read it: you sent version {expected_version}, "
                    f"it is now at version {aggregate.version}. Reload and try again."
                )
                raise StaleVersion(msg)
            return act(aggregate)

        return self.change(cls, aggregate_id, checked, retries=RETRIES)

    def acting_client(self, ctx: CommandContext) -> str:
        """The organisation of the client user acting, from their account ('' for anyone else)."""
        if ctx.actor.role != "client":
            return ""
        try:
            user = self.find(User, UUID(ctx.actor.id))
        except ValueError:
            return ""
        return user.client_id if user is not None and user.status is UserStatus.ACTIVE else ""
