"""Which users may be given delivery work: staff whose account is not deactivated."""

from __future__ import annotations

from uuid import UUID

from domain.commands import CommandGroup
from domain.errors import InvalidInput, NotFound
from domain.users import User, UserStatus


def staff_id(commands: CommandGroup, user_id: UUID, what: str) -> str:
    """The id of ``user_id`` as events record it, if it names an admin or employee who can work.

    NotFound when there is no such user (as for any record named that does not exist);
    InvalidInput when the user cannot play the part.

    ``what`` names the part they would play ("account manager", "project member").
    """
    user = commands.find(User, user_id)
    if user is None:
        raise NotFound(f"There is no user with id {user_id} to be the {what}.")
    if not user.is_staff:
        raise InvalidInput(f"{user.name} is a client user; the {what} must be an admin or an employee.")
    if user.status is UserStatus.DEACTIVATED:
        raise InvalidInput(f"{user.name}'s account is deactivated; they cannot be the {what}.")
    return str(user.id)
