"""The TimeOverride aggregate: a project's manager lets one person log time while the project is paused or closed."""

from __future__ import annotations

from uuid import NAMESPACE_URL, UUID, uuid5

from domain.aggregate import BatonAggregate
from domain.context import CommandContext
from domain.delivery.access import user_key
from domain.errors import InvalidTransition
from domain.projects.aggregate import Project
from domain.time.values import note_of

_NAMESPACE = uuid5(NAMESPACE_URL, "baton:time-override")


def override_id(project_id: UUID | str, person_id: UUID | str) -> UUID:
    """The one override of a person on a project."""
    return uuid5(_NAMESPACE, f"{user_key(project_id)}:{user_key(person_id)}")


class TimeOverride(BatonAggregate):
    """Permission from a project's manager for one person to log time on it whatever its status; revocable."""

    TOPIC = "baton.time.TimeOverride"

    class Event(BatonAggregate.Event):
        """Base of an override's events."""

    class Granted(Event, BatonAggregate.Created):
        """The project's manager (or an admin) let the person log time on the project whatever its status."""

        TOPIC = "baton.time.OverrideGranted"
        project_id: str
        person_id: str
        reason: str

    Created = Granted

    class Revoked(Event):
        """The override was withdrawn."""

        TOPIC = "baton.time.OverrideRevoked"
        reason: str

        def apply(self, aggregate: TimeOverride) -> None:
            aggregate.active = False

    class Regranted(Event):
        """A withdrawn override was granted again."""

        TOPIC = "baton.time.OverrideRegranted"
        reason: str

        def apply(self, aggregate: TimeOverride) -> None:
            aggregate.active = True

    def __init__(self, project_id: str, person_id: str, reason: str) -> None:
        self.project_id = project_id
        self.person_id = person_id
        self.reason = reason
        self.active = True

    @classmethod
    def grant(cls, ctx: CommandContext, project: Project, person_id: str, reason: str = "") -> TimeOverride:
        """Let ``person_id`` log time on ``project`` whatever its status (its manager, or an admin)."""
        project.require_manager(ctx, "grant an override to log time on the project")
        granted: TimeOverride = cls._start(
            cls.Granted,
            ctx,
            override_id(project.id, person_id),
            project_id=str(project.id),
            person_id=person_id,
            reason=note_of(reason),
        )
        return granted

    def regrant(self, ctx: CommandContext, project: Project, reason: str = "") -> None:
        project.require_manager(ctx, "grant an override to log time on the project")
        if self.active:
            raise InvalidTransition("This person already has an override on this project.")
        self._record(self.Regranted, ctx, reason=note_of(reason))

    def revoke(self, ctx: CommandContext, project: Project, reason: str = "") -> None:
        """Withdraw the override: time logged from now on follows the project's status again."""
        project.require_manager(ctx, "revoke an override on the project")
        if not self.active:
            raise InvalidTransition("This override was already revoked.")
        self._record(self.Revoked, ctx, reason=note_of(reason))
